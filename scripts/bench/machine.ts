/** The machine a run measured on, one line for the summary: figures only mean something beside it. */
export async function describeMachine(): Promise<string> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1];
  const memory = `${Math.round(Deno.systemMemoryInfo().total / 2 ** 30)} GiB`;
  const cores = `${navigator.hardwareConcurrency} cores`;
  return [`${Deno.build.os}/${Deno.build.arch}`, cpu, cores, memory, `Deno ${Deno.version.deno}`]
    .filter(Boolean).join(", ");
}
