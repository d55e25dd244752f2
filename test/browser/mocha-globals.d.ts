/**
 * The Mocha globals the browser tests use (Web Test Runner runs them with Mocha), declared here so that
 * type-checking the tests needs no @types/mocha.
 */
type MochaCallback = () => void | Promise<void>;

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaCallback): void;
declare function before(body: MochaCallback): void;
declare function after(body: MochaCallback): void;
declare function beforeEach(body: MochaCallback): void;
declare function afterEach(body: MochaCallback): void;
