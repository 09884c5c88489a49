// npm run cli -- <command> [arguments]: Fridplan's command line. Each sub-command lives in its own
// module and is loaded only when asked for.
const commands: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  import: {
    summary: 'import <file> --org <code> [--json] [--save]   read a plan document (.docx, .pdf, .txt, .md) and show or save its structure',
    run: async (args) => (await import('./import.js')).runImport(args),
  },
  'create-admin': {
    summary: 'create-admin --email <e-mail> --name "<name>" [--org <code>] [--password-stdin]   the first administrator (or an organization admin)',
    run: async (args) => (await import('./create-admin.js')).runCreateAdmin(args),
  },
};

function usage(): string {
  return ['Usage: npm run cli -- <command> [arguments]', '', 'Commands:', ...Object.values(commands).map((c) => `  ${c.summary}`)].join('\n');
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(usage());
  process.exit(name ? 0 : 1);
}
const command = commands[name];
if (!command) {
  console.error(`Unknown command "${name}".\n\n${usage()}`);
  process.exit(1);
}
try {
  process.exitCode = await command.run(rest);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
