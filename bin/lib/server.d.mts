// Types of bin/lib/server.mjs for TypeScript callers (tests).
export interface StartOptions {
  port: number;
  baseUrl: string;
  data: string;
  config: 'dev' | 'prod' | 'test';
  quota: string;
  demo: boolean;
  logLevel: string;
  ent?: { issuer: string; clientId: string; clientSecret: string; scope?: string };
  entSim?: { port: number };
}

export interface RunningCartable {
  app: unknown;
  url: string;
  ent?: { issuer: string; simulated: boolean };
  stop: () => Promise<void>;
}

export class StartError extends Error {}

export function checkPortFree(port: number): Promise<void>;

export function variablesFor(options: StartOptions): Record<string, unknown>;

export function startCartable(options: StartOptions,
  settings?: { log?: (message: string) => void; buildFirst?: boolean }): Promise<RunningCartable>;
