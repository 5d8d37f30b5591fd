/** The machine a run measured on, one line for the summary: figures only mean something beside it. */
export async function describeMachine(): Promise<string> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1];
  const memory = `${Math.round(Deno.systemMemoryInfo().total / 2 ** 30)} GiB`;
  const cores = `${navigator.hardwareConcurrency} cores`;
  return [`${Deno.build.os}/${Deno.build.arch}`, cpu, cores, memory, `Deno ${Deno.version.deno}`]
    .filter(Boolean).join(", ");
}

/**
 * The code a run measured, one line for the summary: the commit, and whether the tree had uncommitted changes. A
 * benchmark loads its modules when it starts, not when the run starts, so a file edited during a run is measured
 * as it stood then (Stop 53 lost a baseline run so): a run of record is one whose line names a commit alone.
 */
export async function describeCode(dir: string): Promise<string> {
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", { args: ["-C", dir, ...args], stdout: "piped", stderr: "null" })
      .output().catch(() => undefined);
    return out?.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
  };
  const commit = await git("rev-parse", "--short", "HEAD");
  if (commit === undefined) return "not a git checkout";
  const changed = (await git("status", "--porcelain", "--untracked-files=no"))?.split("\n").filter(Boolean) ??
    [];
  return changed.length === 0
    ? `commit ${commit}`
    : `commit ${commit} with uncommitted changes to ${changed.length} file${changed.length === 1 ? "" : "s"}`;
}
