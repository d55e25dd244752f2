/**
 * Embedded name lists for the simulated ENT directory.
 *
 * Common French and Breton given names and family names. Every person of the simulated directory gets a
 * combination drawn from these lists by a seeded generator, so the people are invented even though each
 * name on its own is ordinary. School "patrons" and towns give structures a plausible look; the UAI codes
 * that go with them are invented (see directory.mjs).
 *
 * @module
 */

/** Given names of pupils (born 2007-2015), girls. */
export const GIRL_NAMES = Object.freeze([
  'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Jade', 'Louise', 'Alice', 'Lina', 'Rose', 'Anna',
  'Mila', 'Ambre', 'Julia', 'Zoé', 'Lou', 'Léna', 'Nina', 'Agathe', 'Romane', 'Juliette', 'Margaux',
  'Clémence', 'Lucie', 'Sarah', 'Eva', 'Maëlys', 'Océane', 'Mathilde', 'Nolwenn', 'Maïwenn', 'Enora',
  'Azilis', 'Rozenn', 'Katell', 'Soazig', 'Morgane', 'Anaïg', 'Gaïd', 'Klervi', 'Bleuenn', 'Elouane',
  'Lisa', 'Capucine', 'Apolline', 'Louane', 'Célia', 'Noémie', 'Anaëlle', 'Lilou', 'Maelle', 'Jeanne',
  'Gwenn', 'Tifenn', 'Léane', 'Inaya', 'Salomé', 'Elsa', 'Charlotte',
]);

/** Given names of pupils, boys. */
export const BOY_NAMES = Object.freeze([
  'Gabriel', 'Léo', 'Raphaël', 'Louis', 'Arthur', 'Jules', 'Adam', 'Maël', 'Lucas', 'Hugo', 'Noah',
  'Liam', 'Gabin', 'Sacha', 'Paul', 'Nathan', 'Aaron', 'Tom', 'Mathis', 'Théo', 'Noé', 'Malo', 'Timéo',
  'Ethan', 'Victor', 'Axel', 'Baptiste', 'Clément', 'Antoine', 'Enzo', 'Erwan', 'Yann', 'Gwendal', 'Loïc',
  'Ronan', 'Tanguy', 'Brieuc', 'Corentin', 'Gaël', 'Kylian', 'Elouan', 'Ewen', 'Tristan', 'Morgan',
  'Goulven', 'Alan', 'Nolan', 'Titouan', 'Mathéo', 'Evan', 'Lénaïc', 'Armel', 'Kélian',
  'Youenn', 'Tugdual', 'Oscar', 'Simon', 'Robin', 'Yanis',
]);

/** Given names of adults (parents and staff), women. */
export const WOMAN_NAMES = Object.freeze([
  'Nathalie', 'Isabelle', 'Sandrine', 'Céline', 'Stéphanie', 'Aurélie', 'Sophie', 'Virginie', 'Émilie',
  'Julie', 'Anne', 'Gaëlle', 'Soizic', 'Nolwenn', 'Katell', 'Sylvie', 'Karine', 'Laetitia', 'Élodie',
  'Marion', 'Claire', 'Hélène', 'Gwenola', 'Maud', 'Carole', 'Anne-Laure', 'Delphine', 'Valérie',
  'Morgane', 'Annaïg', 'Armelle', 'Christelle', 'Cécile', 'Magali', 'Solenn', 'Rozenn', 'Vanessa',
]);

/** Given names of adults, men. */
export const MAN_NAMES = Object.freeze([
  'Stéphane', 'Nicolas', 'Sébastien', 'Christophe', 'Frédéric', 'Julien', 'David', 'Olivier', 'Jérôme',
  'Yannick', 'Erwan', 'Gwenaël', 'Loïc', 'Pascal', 'Thierry', 'Arnaud', 'Cédric', 'Fabrice', 'Ronan',
  'Pierre', 'Mickaël', 'Guillaume', 'Vincent', 'Benoît', 'Hervé', 'Tangi', 'Goulven', 'Jean-Marc',
  'Yves', 'Alain', 'Gildas', 'Franck', 'Ludovic', 'Mathieu', 'Samuel', 'Denis', 'Jean-Yves',
]);

/** Family names, French and Breton. */
export const FAMILY_NAMES = Object.freeze([
  'Le Goff', 'Le Gall', 'Le Roux', 'Tanguy', 'Morvan', 'Riou', 'Guillou', 'Le Bihan', 'Le Corre',
  'Le Floch', 'Le Guen', 'Kerbrat', 'Kerjean', 'Jaouen', 'Quéré', 'Le Meur', 'Le Bras', 'Cadiou',
  'Le Moal', 'Hamon', 'Le Borgne', 'Le Berre', 'Guéguen', 'Le Gac', 'Prigent', 'Salaün', 'Caroff',
  'Le Hir', 'Nédélec', 'Le Du', 'Kervella', 'Le Coz', "L'Hostis", 'Le Calvez', 'Le Men', 'Le Page',
  'Le Bot', "Le Floc'h", 'Le Scouarnec', 'Pennec', 'Abgrall', 'Bodénès', 'Kerdraon', 'Le Saux',
  'Le Bourhis', 'Le Lay', 'Le Bris', 'Le Gal', 'Cloarec', 'Tréguer', 'Jézéquel', 'Le Drian', 'Conan',
  'Derrien', 'Le Cam', 'Le Quéré', 'Gourvès', 'Le Fur', 'Lozac\'h', 'Morvan-Le Goff', 'Thomas', 'Martin',
  'Bernard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia',
  'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert',
  'Fontaine', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin',
  'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Chevalier', 'Robin', 'Masson',
  'Sanchez', 'Gérard', 'Nguyen', 'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Roger', 'Roche', 'Noël',
  'Meyer', 'Lucas', 'Meunier', 'Perez', 'Marchand', 'Dufour', 'Blanchard', 'Barbier', 'Brun', 'Dumas',
  'Brunet', 'Leroux', 'Colin', 'Fernandez', 'Renard', 'Arnaud', 'Rolland', 'Caron', 'Aubert', 'Giraud',
  'Leclerc', 'Vidal', 'Bourgeois', 'Renaud', 'Lemoine', 'Picard', 'Gaillard', 'Philippe', 'Lacroix',
  'Fabre', 'Dupuis', 'Olivier', 'Da Silva', 'Hubert', 'Charles', 'Guillot', 'Rivière', 'Adam', 'Moulin',
  'Berger', 'Lecomte', 'Ménard', 'Fleury', 'Deschamps', 'Carpentier', 'Benoit', 'Maillard', 'Aubry',
  'Ben Ali', 'Diallo', 'Haddad', 'Pereira', 'Kowalski', 'Traoré', 'Yilmaz',
]);

/** Names given to schools (upper case without accents, like the directory's structure names). */
export const SCHOOL_PATRONS = Object.freeze([
  'ANNE DE BRETAGNE', 'JULES VERNE', 'VICTOR HUGO', "LA TOUR D'AUVERGNE", 'PIERRE-JAKEZ HELIAS',
  'ANJELA DUVAL', 'XAVIER GRALL', 'MARIE CURIE', 'JEAN MOULIN', 'SIMONE VEIL', 'LOUIS GUILLOUX',
  'JEAN GUEHENNO', 'ERNEST RENAN', 'CHATEAUBRIAND', 'BERTRAND DU GUESCLIN', 'JACQUES CARTIER',
  'PAUL SERUSIER', 'MATHURIN MEHEUT', 'GLENMOR', 'ALAIN-FOURNIER', 'LES CHALEURS', 'DES TROIS RIVIERES',
  'DU PAYS DE BROCELIANDE', 'LES HORTENSIAS', 'DE LA RANCE', 'DU BOIS DE L\'ENCLOS', 'ROSA PARKS',
  'GEORGE SAND', 'JEAN JAURES', 'LOUISE MICHEL', 'ANITA CONTI', 'YVES LE MANAC\'H', 'NOMINOE',
  'DES ABERS', 'DU LEFF', 'DE L\'ELORN', 'DU BLAVET', 'DE L\'OUST', 'DES VENETES', 'DU TREGOR',
]);

/** Towns by département code (Ille-et-Vilaine, Côtes-d'Armor, Finistère, Morbihan). */
export const TOWNS = Object.freeze({
  '035': ['RENNES', 'SAINT-MALO', 'FOUGERES', 'VITRE', 'REDON', 'BRUZ', 'CESSON-SEVIGNE', 'DINARD'],
  '022': ['SAINT-BRIEUC', 'LANNION', 'DINAN', 'GUINGAMP', 'LOUDEAC', 'PAIMPOL', 'LAMBALLE'],
  '029': ['BREST', 'QUIMPER', 'MORLAIX', 'CONCARNEAU', 'LANDERNEAU', 'CARHAIX', 'QUIMPERLE', 'DOUARNENEZ'],
  '056': ['VANNES', 'LORIENT', 'PONTIVY', 'AURAY', 'PLOERMEL', 'HENNEBONT', 'QUESTEMBERT'],
});
