import { runCli } from '../../src/cli/main.ts';

/** Runs `dwaar` in this process with `env` added to the environment, capturing what it prints. */
export async function runCliCapturing(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (m: string) => lines.push(m);
  console.error = (m: string) => lines.push(m);
  try {
    const code = await runCli(args);
    return { code, out: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
    process.env = saved;
  }
}
