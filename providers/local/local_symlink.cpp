// local_symlink: a symbolic link. Both its path and its target force a replacement; a link
// that points elsewhere now, or is gone, is drift.
#include "providers/local/attributes.hpp"
#include "providers/local/path_ops.hpp"
#include "providers/local/types.hpp"

namespace infra::providers::local {

using sdk::json;

namespace {

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  check_not_empty(config, unknown, "path", out);
  check_not_empty(config, unknown, "target", out);
  return out;
}

void plan(sdk::Plan& plan) {
  // A link to be made where something other than a link is: say so now. (A link there
  // may be the old one of a replacement, deleted first; if it is not, the create says so.)
  auto path = plan_path_id(plan);
  if (!path) return;
  const PathKind kind = path_kind(*path);
  if (kind != PathKind::Missing && kind != PathKind::Symlink) {
    plan.diagnostics.push_back({"error", "path exists and is not a symbolic link",
                                *path + " is " + describe(kind) + "; remove it or choose another path",
                                json::array({"path"})});
  }
}

json create(const json& planned) {
  const std::string path = string_attr(planned, "path");
  make_symlink(string_attr(planned, "target"), path);
  json state = planned;
  state["id"] = path;
  return state;
}

json read(const json& prior) {
  const std::string path = string_attr(prior, "path");
  auto target = read_link(path);
  if (!target) return nullptr;  // removed, or replaced by something else
  json state = prior;
  state["target"] = *target;
  state["id"] = path;
  return state;
}

json import(const std::string& id) {
  auto target = read_link(id);
  if (!target) throw sdk::Error("cannot import " + id + ": " + why_not(id, PathKind::Symlink));
  return {{"path", id}, {"target", *target}, {"id", id}};
}

}  // namespace

sdk::Resource local_symlink_resource() {
  sdk::Resource r;
  r.schema.type = "local_symlink";
  r.schema.description = "A symbolic link on the machine that runs infra.";
  r.schema.attributes = {
      {.name = "path",
       .required = true,
       .force_new = true,
       .description = "Path of the link; relative paths resolve against the working directory. "
                      "Its parent directory must exist."},
      {.name = "target",
       .required = true,
       .force_new = true,
       .description = "What the link points to, stored as written (a relative target is "
                      "relative to the link's directory); it need not exist."},
      {.name = "id", .computed = true, .description = "The path."},
  };
  r.validate = validate;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.destroy = [](const json& prior) { remove_symlink(string_attr(prior, "path")); };
  r.import = import;
  return r;
}

}  // namespace infra::providers::local
