// Isolated stacks take their service ports below the kernel's ephemeral range, so that a program's listener on
// port 0 cannot take one in the minutes between the choice and the bind (scripts/stack/run.ts).
import assert from "node:assert/strict";
import { freeServicePorts, SERVICE_PORT_FLOOR } from "../../scripts/stack/run.ts";

/** A random() that yields the given fractions in turn, then spreads evenly. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => i < values.length ? values[i++] : ((i++ * 0.1373) % 1);
}

Deno.test("service ports: distinct, at or above the floor and below the ephemeral range", () => {
  const low = 32768;
  const ports = freeServicePorts(5, low, sequence(0.5, 0.5, 0.25, 0.5, 0.75, 0.1));
  assert.equal(new Set(ports).size, 5, `the same port twice: ${ports}`);
  for (const port of ports) assert.ok(port >= SERVICE_PORT_FLOOR && port < low, `${port} outside the range`);
});

Deno.test("service ports: a port someone listens on is skipped", () => {
  const low = 32768;
  const span = low - SERVICE_PORT_FLOOR;
  const taken = freeServicePorts(1, low)[0];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: taken });
  try {
    const fraction = (taken - SERVICE_PORT_FLOOR + 0.5) / span;
    assert.equal(
      SERVICE_PORT_FLOOR + Math.floor(fraction * span),
      taken,
      "setup: the fraction names the port",
    );
    const [port] = freeServicePorts(1, low, sequence(fraction));
    assert.notEqual(port, taken);
  } finally {
    listener.close();
  }
});

Deno.test("service ports: without a readable range, the OS picks them", () => {
  const ports = freeServicePorts(3, 0, () => 0);
  assert.equal(new Set(ports).size, 3);
  for (const port of ports) assert.ok(port > 0 && port < 65536);
});
