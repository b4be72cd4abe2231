// docker_image: an image built from a context directory (POST /build with the context as a
// tar stream), loaded from a tarball (POST /images/load), or pulled; and the data source
// that looks an image up by name.
#include <filesystem>

#include "providers/docker/attributes.hpp"
#include "providers/docker/context_tar.hpp"
#include "providers/docker/resources.hpp"

namespace infra::providers::docker {

namespace {

// The identity of the image called `name` as the state holds it; nullopt when there is none.
std::optional<json> image_facts(const std::string& name) {
  auto found = inspect("/images/" + name + "/json", "inspecting image " + in_quotes(name));
  if (!found) return std::nullopt;
  json digests = array_of(*found, "RepoDigests");
  std::string id = string_of(*found, "Id");
  return json{{"id", id},
              {"image_id", id},
              {"repo_digest", digests.empty() ? "" : digests[0].get<std::string>()}};
}

json with_facts(json state, const json& facts) {
  for (const auto& [key, value] : facts.items()) state[key] = value;
  return state;
}

std::string query_map(const json& map) { return url_encode(map.dump()); }

// The SHA-256 the state records for what the image is made of (the context's tar stream or
// the tarball), or nullopt when it is built from neither.
std::optional<std::string> source_hash(const json& state) {
  const json& build = state.value("build", json());
  if (build.is_object()) return sha256_hex(tar_directory(string_of(build, "context")));
  std::string tarball = string_of(state, "load_from");
  if (!tarball.empty()) return sha256_hex(read_whole_file(tarball));
  return std::nullopt;
}

void build_image(const std::string& name, const json& build, const std::string& context) {
  std::string query = "/build?rm=1&forcerm=1&t=" + url_encode(name);
  std::string dockerfile = string_of(build, "dockerfile");
  if (!dockerfile.empty()) query += "&dockerfile=" + url_encode(dockerfile);
  std::string target = string_of(build, "target");
  if (!target.empty()) query += "&target=" + url_encode(target);
  json args = map_of(build, "build_args");
  if (!args.empty()) query += "&buildargs=" + query_map(args);
  json labels = map_of(build, "labels");
  if (!labels.empty()) query += "&labels=" + query_map(labels);
  Response r = request("POST", query, context, "application/x-tar");
  const std::string what = "building image " + in_quotes(name);
  expect_ok(r, what, json::array({"build"}));
  if (auto error = stream_error(r.body)) throw sdk::Error(what + ": " + *error, {"build"});
}

void load_image(const std::string& name, const std::string& tarball) {
  Response r = request("POST", "/images/load?quiet=1", read_whole_file(tarball),
                       "application/x-tar");
  const std::string what = "loading image " + in_quotes(name) + " from " + tarball;
  expect_ok(r, what, json::array({"load_from"}));
  if (auto error = stream_error(r.body)) throw sdk::Error(what + ": " + *error, {"load_from"});
}

void pull_image(const std::string& name) {
  Response r = request("POST", "/images/create?fromImage=" + url_encode(name));
  const std::string what = "pulling image " + in_quotes(name);
  expect_ok(r, what, json::array({"name"}));
  if (auto error = stream_error(r.body)) throw sdk::Error(what + ": " + *error, {"name"});
}

std::vector<sdk::Diagnostic> validate(const json& config, const json& /*unknown*/) {
  if (config.value("build", json()).is_object() && !config.value("load_from", json()).is_null()) {
    return {{"error", "conflicting image sources",
             "an image is built (build block) or loaded (load_from), not both",
             json::array({"load_from"})}};
  }
  return {};
}

const std::vector<Default> kDefaults = {{"", "keep_locally", false}};

void plan(sdk::Plan& plan) {
  if (plan.planned.is_null()) return;
  fill_defaults(plan, kDefaults);
  const json& build = plan.planned.value("build", json());
  bool unknown_source = has_path(plan.proposed_unknown, json::array({"build"})) ||
                        has_path(plan.proposed_unknown, json::array({"build", "context"})) ||
                        has_path(plan.proposed_unknown, json::array({"load_from"}));
  if (unknown_source) {
    plan.set_unknown("context_sha256");
  } else {
    try {
      auto hash = source_hash(plan.planned);
      plan.set_known("context_sha256", hash ? json(*hash) : json());
      if (!plan.creating() && hash && plan.prior.value("context_sha256", json()) != *hash) {
        add_path(plan.requires_replace, json::array({"context_sha256"}));
      }
    } catch (const sdk::Error& e) {
      json path =
          build.is_object() ? json::array({"build", "context"}) : json::array({"load_from"});
      plan.diagnostics.push_back({"error", "cannot read the image's source", e.what(), path});
      return;
    }
  }
  if (plan.creates_new_object()) {
    for (const char* name : {"id", "image_id", "repo_digest"}) plan.set_unknown(name);
  }
}

json create(const json& planned) {
  const std::string name = string_of(planned, "name");
  json state = planned;
  const json& build = planned.value("build", json());
  if (build.is_object()) {
    std::string context = tar_directory(string_of(build, "context"));
    state["context_sha256"] = sha256_hex(context);
    build_image(name, build, context);
  } else if (!string_of(planned, "load_from").empty()) {
    state["context_sha256"] = *source_hash(planned);
    load_image(name, string_of(planned, "load_from"));
  } else {
    pull_image(name);
  }
  auto facts = image_facts(name);
  if (!facts) {
    const char* hint = build.is_object() ? "" : ": does the tarball hold an image of that name?";
    throw sdk::Error("image " + in_quotes(name) + " is not there after it was made" + hint,
                     json::array({"name"}));
  }
  return with_facts(std::move(state), *facts);
}

json read(const json& prior) {
  auto facts = image_facts(string_of(prior, "name"));
  return facts ? with_facts(prior, *facts) : json();
}

json update(const json& /*prior*/, const json& planned) { return planned; }

void destroy(const json& prior) {
  if (bool_of(prior, "keep_locally", false)) return;
  const std::string name = string_of(prior, "name");
  Response r = request("DELETE", "/images/" + name);
  if (r.status == 409) {
    // A container still uses it, such as the old container of a replacement, removed after
    // its image: the name is taken off (for the new image to have), and the engine keeps the
    // layers while that container runs.
    r = request("DELETE", "/images/" + name + "?force=1&noprune=1");
  }
  if (r.status != 404) expect_ok(r, "removing image " + in_quotes(name));
}

json import(const std::string& id) {
  auto facts = image_facts(id);
  if (!facts) throw sdk::Error("no image named " + in_quotes(id));
  json state = {{"name", id},           {"keep_locally", false}, {"load_from", nullptr},
                {"build", nullptr},     {"context_sha256", nullptr}};
  return with_facts(std::move(state), *facts);
}

BlockType build_block() {
  BlockType b;
  b.name = "build";
  b.nesting = Nesting::Single;
  b.description = "Builds the image from a directory, as `docker build` does.";
  b.attributes = {
      required_arg("context", "string",
                   "Directory sent to the engine as the build context; relative to the "
                   "working directory."),
      optional_arg("dockerfile", "string",
                   "Path of the Dockerfile inside the context; default \"Dockerfile\"."),
      optional_arg("build_args", "map(string)", "Values of the Dockerfile's ARGs."),
      optional_arg("labels", "map(string)", "Labels of the image."),
      optional_arg("target", "string", "The stage of a multi-stage Dockerfile to build."),
  };
  return b;
}

ResourceSchema image_schema() {
  ResourceSchema s;
  s.description = "An image of the Docker Engine: built, loaded from a tarball, or pulled.";
  s.attributes = {
      required_arg("name", "string", "The image's name and tag, such as \"web:1.0\"."),
      optional_arg("load_from", "string", "A tarball (`docker save`) to load the image from."),
      optional_arg("keep_locally", "bool",
                   "Whether destroy leaves the image in the engine; default false.", true),
      computed_attr("id", "string", "The image ID."),
      computed_attr("image_id", "string", "The image ID (sha256:...)."),
      computed_attr("repo_digest", "string", "The first repository digest, if any."),
      computed_attr("context_sha256", "string",
                    "SHA-256 of the build context's tar stream or of the tarball: a change "
                    "rebuilds the image."),
  };
  s.blocks = {build_block()};
  return s;
}

}  // namespace

sdk::Resource image_resource() {
  sdk::Resource r;
  r.schema = image_schema();
  declare_defaults(r.schema, kDefaults);
  r.validate = validate;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.update = update;
  r.destroy = destroy;
  r.import = import;
  return r;
}

sdk::DataSource image_data_source() {
  sdk::DataSource d;
  d.schema.description = "An image present in the Docker Engine, by name.";
  d.schema.attributes = {
      required_arg("name", "string", "The image's name (and tag) or ID."),
      computed_attr("id", "string", "The image ID."),
      computed_attr("image_id", "string", "The image ID (sha256:...)."),
      computed_attr("repo_digest", "string", "The first repository digest, if any."),
  };
  d.read = [](const json& config) {
    const std::string name = string_of(config, "name");
    auto facts = image_facts(name);
    if (!facts) throw sdk::Error("no image named " + in_quotes(name), json::array({"name"}));
    return with_facts(config, *facts);
  };
  return d;
}

}  // namespace infra::providers::docker
