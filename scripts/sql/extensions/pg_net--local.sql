-- pg_net's http_post with its real signature, for plain Debian Postgres. It only enqueues; the local
-- functions server (scripts/functions/net_queue.ts) delivers queued requests and records responses in
-- net._http_response, as pg_net's background worker does. Grants to Supabase's roles: bootstrap.sql.
\echo Use "CREATE EXTENSION pg_net" to load this file. \quit

create table net.http_request_queue (
  id bigserial primary key,
  method text not null,
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds integer not null,
  created timestamptz not null default now()
);
create table net._http_response (
  id bigint primary key,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);

create function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint
language plpgsql security definer set search_path = net, pg_catalog as $$
declare
  query text;
  request_id bigint;
begin
  select string_agg(format('%s=%s', key, value), '&') into query from jsonb_each_text(params);
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (
    'POST',
    url || coalesce('?' || query, ''),
    headers,
    convert_to(body::text, 'UTF8'),
    timeout_milliseconds
  )
  returning id into request_id;
  return request_id;
end $$;
revoke all on function net.http_post(text, jsonb, jsonb, jsonb, integer) from public;
