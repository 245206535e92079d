import type { Migration } from '../migrate.js';

// Units (đơn vị), users and the units each user may act for. A supervisor's scope is a set of
// units held as data (commune leadership, the provincial centre, a former-district grouping).
export const migration: Migration = {
  version: 1,
  name: 'identity',
  sql: `
    CREATE TABLE units (
      code text PRIMARY KEY,
      name text NOT NULL,
      parent_code text,
      body jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE TABLE users (
      id bigserial PRIMARY KEY,
      username text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('clerk', 'postal', 'supervisor', 'admin')),
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE user_units (
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      unit_code text NOT NULL,
      PRIMARY KEY (user_id, unit_code)
    );
    CREATE TABLE refresh_tokens (
      token_hash text PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      revoked boolean NOT NULL DEFAULT false
    );
    -- Failed logins per username+IP, shared by every instance behind the load balancer.
    CREATE TABLE login_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      last_at timestamptz NOT NULL
    );
  `,
};
