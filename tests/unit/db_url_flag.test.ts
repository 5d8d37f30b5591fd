// scripts/db_url_flag.ts: an operator script's --db-url, warned about when it carries a password.
import assert from "node:assert/strict";
import { carriesPassword, dbUrlFrom, isConnectionUrl, passwordWarning } from "../../scripts/db_url_flag.ts";

Deno.test("a password in the userinfo or as libpq's parameter is seen; none is not", () => {
  assert.equal(carriesPassword("postgresql://postgres:s3cret@db.example.org:5432/postgres"), true);
  assert.equal(carriesPassword("postgresql://postgres@db.example.org/postgres?password=s3cret"), true);
  assert.equal(carriesPassword("postgresql://postgres@db.example.org/postgres"), false);
  assert.equal(carriesPassword("postgresql://postgres@db.example.org/postgres?sslmode=require"), false);
  assert.equal(carriesPassword("not a url with s3cret"), false);
});

Deno.test("libpq's multi-host URLs and key=value strings, which are no WHATWG URLs, are read too", () => {
  assert.equal(
    carriesPassword("postgresql://postgres:s3cret@db1.example.org:5432,db2.example.org:5432/postgres"),
    true,
  );
  assert.equal(
    carriesPassword("postgresql://postgres@db1.example.org:5432,db2.example.org:5432/postgres"),
    false,
  );
  assert.equal(
    carriesPassword("postgresql://postgres@db1.example.org,db2.example.org/postgres?password=s3cret"),
    true,
  );
  assert.equal(carriesPassword("host=db.example.org user=postgres password=s3cret"), true);
  assert.equal(carriesPassword("host=db.example.org user=postgres"), false);
  assert.ok(isConnectionUrl("postgresql://postgres@db1.example.org:5432,db2.example.org:5432/postgres"));
  assert.ok(isConnectionUrl("postgres://postgres@localhost/postgres"));
  assert.ok(!isConnectionUrl("postgres@host:s3cret"));
  assert.ok(!isConnectionUrl("host=db.example.org password=s3cret"));
});

Deno.test("dbUrlFrom: the flag wins and warns, without the password; else the environment's, silently", () => {
  const name = "MEDIC_TEST_DB_URL_FLAG";
  Deno.env.set(name, "postgresql://from-env@localhost/postgres");
  try {
    const warned: string[] = [];
    const flag = "postgresql://postgres:s3cret@db.example.org/postgres";
    assert.equal(dbUrlFrom(flag, name, (line) => warned.push(line)), flag);
    assert.deepEqual(warned, [passwordWarning(name)]);
    assert.ok(warned[0].includes(name) && !warned[0].includes("s3cret"));

    assert.equal(
      dbUrlFrom(undefined, name, (line) => warned.push(line)),
      "postgresql://from-env@localhost/postgres",
    );
    assert.equal(
      dbUrlFrom("postgresql://postgres@db/postgres", name, (line) => warned.push(line)),
      "postgresql://postgres@db/postgres",
    );
    assert.equal(warned.length, 1, "no password, or none on the command line: no warning");
  } finally {
    Deno.env.delete(name);
  }
});
