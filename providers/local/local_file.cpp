// local_file and local_sensitive_file: create, read (with drift), update in place (content,
// permission), destroy, import by path. The content comes from exactly one of content,
// content_base64 or source; the hashes of known content are known at plan time.
#include "providers/local/attributes.hpp"
#include "providers/local/content.hpp"
#include "providers/local/file_ops.hpp"
#include "providers/local/types.hpp"

namespace infra::providers::local {

using sdk::json;

namespace {

// What tells the two file types apart.
struct Flavor {
  const char* type;
  const char* description;
  const char* default_mode;  // of the file, and of the directories it creates
  bool sensitive;            // content and content_base64 are never shown
};

const Flavor kFile{"local_file", "A file on the machine that runs infra.", "0777", false};
const Flavor kSensitiveFile{"local_sensitive_file",
                            "A file with secret content on the machine that runs infra.", "0700",
                            true};

// The arguments that give the content: exactly one is set.
const char* const kSources[] = {"content", "content_base64", "source"};
const std::string kSourceList = "content, content_base64 or source";

// The bytes `values` asks for. With `at_apply`, every source must give them (else Error at
// its path); at plan time, nullopt when they are not known yet (unknown values, a source
// file that does not exist yet).
std::optional<std::string> wanted_bytes(const json& values, const json& unknown, bool at_apply) {
  if (auto text = known_string(values, unknown, "content")) return text;
  if (auto text = known_string(values, unknown, "content_base64")) {
    auto bytes = base64_decode(*text);
    if (!bytes && at_apply) throw sdk::Error("invalid content_base64", {"content_base64"});
    return bytes;
  }
  if (auto source = known_string(values, unknown, "source")) {
    std::optional<FileOnDisk> file;
    try {
      file = read_file(*source);
    } catch (const sdk::Error& e) {
      throw sdk::Error(e.what(), {"source"});
    }
    if (!file && at_apply) {
      throw sdk::Error("cannot read source " + *source + ": no such file", {"source"});
    }
    if (file) return file->content;
    return std::nullopt;
  }
  if (at_apply) throw sdk::Error("no content to write", {"content"});
  return std::nullopt;
}

// Every argument in `state`, null when unset: a state written by another tool
// (import-terraform) may lack those it did not know, and it is no drift.
void with_every_argument(json& state) {
  for (const char* name : kSources) {
    if (!state.contains(name)) state[name] = nullptr;
  }
  if (!state.contains("directory_permission")) state["directory_permission"] = nullptr;
}

std::string bytes_to_write(const json& planned) {
  return *wanted_bytes(planned, json::array(), true);
}

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  check_not_empty(config, unknown, "filename", out);
  check_mode(config, unknown, "file_permission", out);
  check_mode(config, unknown, "directory_permission", out);
  std::vector<const char*> set;
  for (const char* name : kSources) {
    if (is_set(config, unknown, name)) set.push_back(name);
  }
  if (set.empty()) {
    out.push_back({"error", "no content", "set exactly one of " + kSourceList,
                   json::array({"content"})});
  } else if (set.size() > 1) {
    out.push_back({"error", "conflicting content",
                   std::string(set[0]) + " and " + set[1] + " are both set; set exactly one of " +
                       kSourceList,
                   json::array({set[1]})});
  }
  auto encoded = known_string(config, unknown, "content_base64");
  if (encoded && !base64_decode(*encoded)) {
    out.push_back({"error", "invalid content_base64",
                   "expected standard base64 with padding, such as \"aGk=\"",
                   json::array({"content_base64"})});
  }
  return out;
}

void plan(const Flavor& f, sdk::Plan& plan) {
  default_to(plan, "file_permission", f.default_mode);
  plan_hashes(plan, wanted_bytes(plan.planned, plan.unknown, false));
}

json create(const Flavor& f, const json& planned) {
  json state = planned;
  if (!state.value("file_permission", json()).is_string()) state["file_permission"] = f.default_mode;
  const std::string bytes = bytes_to_write(planned);
  write_file_atomically(string_attr(planned, "filename"), bytes,
                        mode_attr(planned, "file_permission", f.default_mode),
                        mode_attr(planned, "directory_permission", f.default_mode));
  set_hashes(state, bytes);
  with_every_argument(state);
  return state;
}

json read(const json& prior) {
  auto file = read_file(string_attr(prior, "filename"));
  if (!file) return nullptr;
  json state = prior;
  with_every_argument(state);
  // The content attribute in use shows what the file holds now; a file written from a
  // source shows the change in its hashes.
  if (state.value("content", json()).is_string()) {
    state["content"] = file->content;
  } else if (state.value("content_base64", json()).is_string()) {
    state["content_base64"] = base64_encode(file->content);
  }
  state["file_permission"] = mode_spelling(prior, "file_permission", file->mode);
  set_hashes(state, file->content);
  return state;
}

json update(const Flavor& f, const json& planned) {
  const std::string filename = string_attr(planned, "filename");
  const std::string bytes = bytes_to_write(planned);
  const unsigned mode = mode_attr(planned, "file_permission", f.default_mode);
  auto now = read_file(filename);
  if (!now || now->content != bytes) {
    write_file_atomically(filename, bytes, mode,
                          mode_attr(planned, "directory_permission", f.default_mode));
  } else if (now->mode != mode) {
    change_mode(filename, mode);
  }
  json state = planned;
  set_hashes(state, bytes);
  with_every_argument(state);
  return state;
}

json import(const std::string& id) {
  auto file = read_file(id);
  if (!file) throw sdk::Error("no such file: " + id);
  json state = {{"filename", id},
                {"content", file->content},
                {"file_permission", format_mode(file->mode)}};
  set_hashes(state, file->content);
  with_every_argument(state);
  return state;
}

ResourceSchema schema(const Flavor& f) {
  ResourceSchema s;
  s.type = f.type;
  s.version = 0;
  s.description = f.description;
  const std::string one_of = " Exactly one of " + kSourceList + " is set.";
  const std::string mode_default = std::string("default \"") + f.default_mode + "\"";
  s.attributes = {
      {.name = "filename",
       .required = true,
       .force_new = true,
       .description = "Path of the file; relative paths resolve against the working directory."},
      {.name = "content",
       .optional = true,
       .sensitive = f.sensitive,
       .description = "The file's content, as text." + one_of},
      {.name = "content_base64",
       .optional = true,
       .sensitive = f.sensitive,
       .description = "The file's content, base64-encoded (binary)." + one_of},
      {.name = "source", .optional = true, .description = "Path of a file whose content is copied." + one_of},
      {.name = "file_permission",
       .optional = true,
       .computed = true,
       .description = "Permission bits as an octal string; " + mode_default + ". Changed in place."},
      {.name = "directory_permission",
       .optional = true,
       .description = "Permission bits of the parent directories it creates; " + mode_default + "."},
  };
  for (Attribute& a : hash_attributes()) s.attributes.push_back(std::move(a));
  return s;
}

sdk::Resource file_resource(const Flavor& f) {
  sdk::Resource r;
  r.schema = schema(f);
  r.validate = validate;
  r.plan = [&f](sdk::Plan& p) { plan(f, p); };
  r.create = [&f](const json& planned) { return create(f, planned); };
  r.read = read;
  r.update = [&f](const json&, const json& planned) { return update(f, planned); };
  r.destroy = [](const json& prior) { remove_file(string_attr(prior, "filename")); };
  r.import = import;
  return r;
}

}  // namespace

sdk::Resource local_file_resource() { return file_resource(kFile); }
sdk::Resource local_sensitive_file_resource() { return file_resource(kSensitiveFile); }

}  // namespace infra::providers::local
