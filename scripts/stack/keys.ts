// Supabase's well-known local development secret and the anon/service-role keys signed with it (the
// same values `supabase start` prints). Never use them outside a local stack.
export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

export const LOCAL_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9." +
  "CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

export const LOCAL_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0." +
  "EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

export const LOCAL_UPSTASH_TOKEN = "local-upstash-token";

// Local stand-ins for project secrets (Supabase secrets / Vault in production).
export const LOCAL_CRON_SECRET = "local-cron-secret-for-flush-metrics-0000";
export const LOCAL_ALERT_WEBHOOK_SECRET = "local-alert-webhook-secret-0000000000";
// gdpr-export: the hash strategy's salt and the encryption strategy's key (32 bytes, base64).
export const LOCAL_GDPR_PSEUDONYM_SALT = "local-gdpr-pseudonym-salt-000000000000000";
export const LOCAL_GDPR_ENCRYPTION_KEY = "bG9jYWwtZ2Rwci1lbmNyeXB0aW9uLWtleS0wMDAwMDA=";
// The functions' database logins; production sets its own (see the migrations that create them).
export const LOCAL_FUNCTIONS_DB_PASSWORD = "local-medic-edge-password-0000";
export const LOCAL_FUNCTIONS_DB_PASSWORDS = {
  medic_edge: LOCAL_FUNCTIONS_DB_PASSWORD,
  medic_audit: "local-medic-audit-password-0000",
  medic_jobs: "local-medic-jobs-password-0000",
} as const;
// The seal anchors' Ed25519 pair (base64url PKCS#8 / raw public key). Production: Supabase secrets, and the
// public key published to auditors.
export const LOCAL_SEAL_SIGNING_KEY = "MC4CAQAwBQYDK2VwBCIEIB-FyRPEcrt-XfeyBarmF1jpHcbN5RD4oR0AeK6EA_gf";
export const LOCAL_SEAL_PUBLIC_KEY = "k97VEGrqHTX3JOWnGDyVVG0Mm7y71HeH4Y6pZbMkq3U";
// The local S3 server's key pair (s3rver accepts only this one). Production: the project's S3 access keys
// (Storage settings), in the archiver's environment only.
export const LOCAL_S3_ACCESS_KEY_ID = "S3RVER";
export const LOCAL_S3_SECRET_ACCESS_KEY = "S3RVER";
