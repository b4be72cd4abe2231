// The backend block: see planner/backend_config.hpp.
#include "planner/backend_config.hpp"

#include "lang/ast.hpp"
#include "lang/eval.hpp"

namespace infra::planner {

std::filesystem::path default_state_path() { return std::filesystem::path(".infra") / "state.db"; }

namespace {

std::optional<BackendSettings> read_sqlite(const lang::Body& body, lang::Diagnostics& diags) {
  BackendSettings settings;
  settings.configured = true;
  bool ok = true;
  for (const lang::Attribute& a : body.attributes) {
    if (a.name != "path") {
      diags.error(a.name_range, "Unsupported argument \"" + a.name + "\" in the sqlite backend",
                  "The sqlite backend takes one argument: path, the state file (relative to "
                  "the working directory).");
      ok = false;
      continue;
    }
    // Terraform reads backend settings before anything else exists, so they are constants.
    lang::Diagnostics found;
    lang::Value v = lang::evaluate(*a.value, lang::ConstantScope(), nullptr, found);
    if (found.has_errors()) {
      diags.append(found);
      ok = false;
    } else if (v.kind() != lang::Value::Kind::String || v.as_string().empty()) {
      diags.error(a.value->range, "The sqlite backend's path must be a file name",
                  "Write the state file as a string, like path = \"state/prod.db\".");
      ok = false;
    } else {
      settings.path = v.as_string();
    }
  }
  if (!ok) return std::nullopt;
  return settings;
}

}  // namespace

std::optional<BackendSettings> read_backend(const lang::Module& root, lang::Diagnostics& diags) {
  if (!root.backend) return BackendSettings{};
  const lang::Backend& b = *root.backend;
  if (b.type == "sqlite") return read_sqlite(*b.body, diags);
  if (b.type == "postgres") {
    diags.error(b.range, "The postgres backend is not available in this build yet",
                "Keep the state in SQLite for now: backend \"sqlite\" { path = \"...\" }, or "
                "no backend block for .infra/state.db.");
    return std::nullopt;
  }
  // The configuration loader admits only the backends it knows; a new one needs a case.
  diags.error(b.range, "Unsupported backend \"" + b.type + "\"",
              "The state backends are: sqlite, postgres.");
  return std::nullopt;
}

}  // namespace infra::planner
