import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { AdministratorError, createAdministrator, generatePassword } from '../services/administrators.js';
import { ensureNationalVocabularies } from '../services/vocabularies.js';

const usage = `Usage: npm run cli -- create-admin --email <e-mail> --name "<name>" [--org <code>] [--password-stdin]

Creates the first administrator of an installation (a system administrator, who creates
organizations), or with --org the admin of one organization. A new account gets a generated
password, printed once, unless --password-stdin reads one from standard input.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function runCreateAdmin(args: string[]): Promise<number> {
  let options;
  try {
    options = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' }, 'password-stdin': { type: 'boolean' } } }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`);
    return 1;
  }
  if (!options.email || !options.name) {
    console.error(usage);
    return 1;
  }
  const password = options['password-stdin'] ? await readStdin() : generatePassword();
  const database = await openDatabase(loadConfig().database, ensureNationalVocabularies);
  try {
    const result = await createAdministrator(database.db, { email: options.email, displayName: options.name, password, organizationCode: options.org });
    const what = options.org ? `admin of organization ${options.org}` : 'system administrator';
    if (result.created) {
      console.log(`Created ${options.email} as ${what}.`);
      if (!options['password-stdin']) console.log(`Password (shown once; change it under "Mitt konto" after signing in): ${password}`);
    } else {
      console.log(`${options.email} already had an account; it is now ${what}. Its password is unchanged.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof AdministratorError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
