// Types of ent-sim/server.mjs for TypeScript callers (tests, the CLI).
export interface EntClient {
  client_id: string;
  client_secret?: string;
  client_name?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  grant_types?: string[];
}

export interface EntSimulatorOptions {
  port?: number;
  host?: string;
  issuer?: string;
  clients?: EntClient[];
  directory?: unknown;
  tokenTtl?: Record<string, number>;
  requirePkce?: boolean;
  log?: (message: string, error?: unknown) => void;
}

export interface RunningEntSimulator {
  url: string;
  issuer: string;
  directory: unknown;
  provider: unknown;
  stop: () => Promise<void>;
}

export function startEntSimulator(options?: EntSimulatorOptions): Promise<RunningEntSimulator>;
