// local_directory: a directory, its permissions changed in place; deleted only when empty
// unless force_destroy. Also the local_directory data source, which lists one.
#include "providers/local/attributes.hpp"
#include "providers/local/file_ops.hpp"
#include "providers/local/path_ops.hpp"
#include "providers/local/types.hpp"

namespace infra::providers::local {

using sdk::json;

namespace {

// A fixed default rather than one that depends on the umask: the plan knows it, and the
// same configuration gives the same directory on every machine.
constexpr const char* kDefaultMode = "0755";

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  check_not_empty(config, unknown, "path", out);
  check_mode(config, unknown, "permissions", out);
  return out;
}

void plan(sdk::Plan& plan) {
  default_to(plan, "permissions", kDefaultMode);
  default_to(plan, "force_destroy", false);
  // A directory to be made where something else is: say so now, not halfway through an
  // apply. (A directory there may be the old one of a replacement, deleted first; if it is
  // not, the create says so.)
  auto path = plan_path_id(plan);
  if (!path) return;
  const PathKind kind = path_kind(*path);
  if (kind != PathKind::Missing && kind != PathKind::Directory) {
    plan.diagnostics.push_back({"error", "path is not a directory",
                                *path + " is " + describe(kind) + "; a directory cannot be made there",
                                json::array({"path"})});
  }
}

json create(const json& planned) {
  const std::string path = string_attr(planned, "path");
  make_directory(path, mode_attr(planned, "permissions", kDefaultMode));
  json state = planned;
  if (!state.value("permissions", json()).is_string()) state["permissions"] = kDefaultMode;
  if (!state.value("force_destroy", json()).is_boolean()) state["force_destroy"] = false;
  state["id"] = path;
  return state;
}

json read(const json& prior) {
  const std::string path = string_attr(prior, "path");
  auto mode = directory_mode(path);
  if (!mode) return nullptr;  // removed, or replaced by something else
  json state = prior;
  state["permissions"] = mode_spelling(prior, "permissions", *mode);
  state["id"] = path;
  return state;
}

json update(const json& /*prior*/, const json& planned) {
  const std::string path = string_attr(planned, "path");
  const unsigned mode = mode_attr(planned, "permissions", kDefaultMode);
  auto now = directory_mode(path);
  if (!now) throw sdk::Error("cannot change directory " + path + ": " + why_not(path, PathKind::Directory));
  if (*now != mode) change_mode(path, mode);
  return planned;
}

void destroy(const json& prior) {
  remove_directory(string_attr(prior, "path"), prior.value("force_destroy", json()) == json(true));
}

json import(const std::string& id) {
  auto mode = directory_mode(id);
  if (!mode) throw sdk::Error("cannot import " + id + ": " + why_not(id, PathKind::Directory));
  return {{"path", id}, {"permissions", format_mode(*mode)}, {"force_destroy", false}, {"id", id}};
}

json read_data(const json& config) {
  const std::string path = string_attr(config, "path");
  auto mode = directory_mode(path);
  if (!mode) throw sdk::Error("cannot list " + path + ": " + why_not(path, PathKind::Directory), json::array({"path"}));
  json entries = json::array();
  for (const DirectoryEntry& e : list_directory(path)) {
    entries.push_back({{"name", e.name}, {"type", kind_name(e.kind)}, {"size", e.size}});
  }
  return {{"path", path}, {"permissions", format_mode(*mode)}, {"entries", entries}, {"id", path}};
}

}  // namespace

sdk::Resource local_directory_resource() {
  sdk::Resource r;
  r.schema.type = "local_directory";
  r.schema.description = "A directory on the machine that runs infra.";
  r.schema.attributes = {
      {.name = "path",
       .required = true,
       .force_new = true,
       .description = "Path of the directory; relative paths resolve against the working "
                      "directory. Missing parents are made with the same permissions."},
      {.name = "permissions",
       .optional = true,
       .computed = true,
       .description = "Permission bits as an octal string; default \"0755\". Changed in place."},
      {.name = "force_destroy",
       .type = "bool",
       .optional = true,
       .computed = true,
       .description = "Whether deleting it deletes everything in it; default false: a "
                      "directory that is not empty is not deleted."},
      {.name = "id", .computed = true, .description = "The path."},
  };
  r.validate = validate;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.update = update;
  r.destroy = destroy;
  r.import = import;
  return r;
}

sdk::DataSource local_directory_data_source() {
  sdk::DataSource d;
  d.schema.description = "Lists a directory on the machine that runs infra.";
  d.schema.attributes = {
      {.name = "path", .required = true, .description = "Path of the directory to list."},
      {.name = "permissions",
       .computed = true,
       .description = "Its permission bits as an octal string, such as \"0755\"."},
      {.name = "entries",
       .type = "list(object)",
       .computed = true,
       .description = "What it holds, sorted by name: objects with name, type (\"file\", "
                      "\"directory\", \"symlink\" or \"other\") and size (bytes, for files)."},
      {.name = "id", .computed = true, .description = "The path."},
  };
  d.read = read_data;
  return d;
}

}  // namespace infra::providers::local
