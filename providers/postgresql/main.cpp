// infra-provider-postgresql: roles, databases, schemas, grants and extensions of a
// PostgreSQL server, through libpq. Speaks protocol v1 on stdio.
#include "providers/postgresql/pg_client.hpp"
#include "providers/postgresql/resources.hpp"
#include "providers/sdk/provider.hpp"
#include "providers/sdk/setting.hpp"

int main() {
  using namespace infra::providers;
  sdk::Provider provider;
  provider.name = "postgresql";
  provider.version = "0.1.0";
  using sdk::setting;
  provider.config = {
      setting("host", "string",
              "The server's host name or address (libpq's default: the local socket)."),
      setting("port", "number", "The server's port; default 5432."),
      setting("username", "string", "The role to connect as."),
      setting("password", "string", "The role's password.", true),
      setting("database", "string", "The database to connect to; default \"postgres\"."),
      setting("sslmode", "string", "libpq's sslmode: disable, prefer, require, verify-full, ..."),
      setting("connect_timeout", "number", "Seconds to wait for a connection."),
      setting("conn_str", "string",
              "A libpq connection string or postgresql:// URI; the settings above override it.",
              true),
  };
  provider.configure = [](const sdk::json& config) {
    postgresql::set_current_settings(postgresql::settings_from_config(config));
  };
  provider.resources.emplace("postgresql_role", postgresql::role_resource());
  provider.resources.emplace("postgresql_database", postgresql::database_resource());
  provider.resources.emplace("postgresql_schema", postgresql::schema_resource());
  provider.resources.emplace("postgresql_grant", postgresql::grant_resource());
  provider.resources.emplace("postgresql_extension", postgresql::extension_resource());
  return sdk::serve(provider);
}
