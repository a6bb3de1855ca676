/**
 * One typed configuration, parsed once from the environment and passed to constructors.
 * Every option, its variable and its default live in this table; nothing else reads `process.env`.
 */
import { z } from 'zod';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const EnvSchema = z.object({
  /** SQLite file of the embedded default. */
  NABA_DB: z.string().default('./naba.db'),
  /** PostgreSQL URL; when set, it replaces the SQLite file. */
  DATABASE_URL: z.string().optional(),
  /** HTTP port of `naba serve`. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Host to bind; loopback unless told otherwise. */
  NABA_HOST: z.string().default('127.0.0.1'),
  /** Admin password; admin pages stay off until it is set (there is no default). */
  NABA_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Hosts or CIDRs that user-given URLs may reach although private or loopback. */
  NABA_ALLOW_PRIVATE: csv.default([]),
  /** User agent sent with every request and matched against robots.txt. */
  NABA_USER_AGENT: z.string().default('naba/0.1 (+https://github.com/naba-news/naba)'),
  /** Folder of the shared data sets (demo corpus, training and evaluation files). */
  NABA_DATA_DIR: z.string().default('../shared/data'),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  dbPath: string;
  databaseUrl?: string;
  port: number;
  host: string;
  adminPassword?: string;
  allowPrivate: string[];
  userAgent: string;
  dataDir: string;
}

/** Parse the environment once; a bad value fails with the variable's name and the reason. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`config: ${issues}`);
  }
  const e = parsed.data;
  return {
    dbPath: e.NABA_DB,
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.NABA_HOST,
    adminPassword: e.NABA_ADMIN_PASSWORD,
    allowPrivate: e.NABA_ALLOW_PRIVATE,
    userAgent: e.NABA_USER_AGENT,
    dataDir: e.NABA_DATA_DIR,
  };
}
