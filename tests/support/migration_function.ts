/**
 * A function as an applied migration defined it, for comparing a restated function with its first
 * definition on the same rows: the `create function <schema>.<name>(…) … end $$;` text of that file,
 * renamed into pg_temp as `<name>_v1` (so it lives only in the session that creates it).
 */
export async function firstDefinition(migration: string, qualifiedName: string): Promise<string> {
  const text = await Deno.readTextFile(new URL(`../../supabase/migrations/${migration}`, import.meta.url));
  const start = text.indexOf(`create function ${qualifiedName}(`);
  const end = text.indexOf("end $$;", start);
  if (start < 0 || end < 0) throw new Error(`${qualifiedName} is not defined in ${migration}`);
  const name = qualifiedName.split(".").pop();
  return text.slice(start, end + "end $$;".length).replace(`${qualifiedName}(`, `pg_temp.${name}_v1(`);
}
