// The plan file format: JSON with values, unknown paths and sensitive paths side by side.
#include "planner/plan_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "planner/values.hpp"
#include "providers/protocol/paths.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;
constexpr int kFormatVersion = 1;

json encode_value(const lang::Value& v) {
  json unknown, sensitive;
  json value = to_json(v, &unknown, &sensitive);
  return {{"value", value}, {"unknown", unknown}, {"sensitive", sensitive}};
}

lang::Value decode_value(const json& j) {
  json unknown = j.at("unknown"), sensitive = j.at("sensitive");
  return from_json(j.at("value"), &unknown, &sensitive);
}

json encode_paths(const std::vector<providers::AttributePath>& paths) {
  json out = json::array();
  for (const auto& p : paths) out.push_back(providers::path_to_json(p));
  return out;
}

// Paths as arrays of steps; a plain string is the one-step path of a plan written when
// replace_paths held attribute names only.
std::vector<providers::AttributePath> decode_paths(const json& j) {
  std::vector<providers::AttributePath> out;
  for (const auto& p : j) {
    if (p.is_string()) {
      out.push_back({p.get<std::string>()});
      continue;
    }
    try {
      out.push_back(providers::path_from_json(p));
    } catch (const std::invalid_argument& e) {
      throw PlanFileError(std::string("malformed plan file: ") + e.what());
    }
  }
  return out;
}

json encode_blocks(const std::vector<BlockShape>& blocks) {
  json out = json::array();
  for (const auto& b : blocks) {
    json j = {{"name", b.name}, {"nesting", std::string(providers::nesting_name(b.nesting))}};
    if (!b.blocks.empty()) j["blocks"] = encode_blocks(b.blocks);
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<BlockShape> decode_blocks(const json& j) {
  std::vector<BlockShape> out;
  for (const auto& b : j) {
    auto nesting = providers::nesting_from_name(b.at("nesting").get<std::string>());
    if (!nesting) throw PlanFileError("malformed plan file: unknown block nesting " + b.at("nesting").dump());
    out.push_back({b.at("name").get<std::string>(), *nesting,
                   decode_blocks(b.value("blocks", json::array()))});
  }
  return out;
}

const char* kActions[] = {"no-op", "create", "update", "replace", "delete", "forget"};

Action decode_action(const std::string& s) {
  for (int i = 0; i < 6; ++i) {
    if (s == kActions[i]) return static_cast<Action>(i);
  }
  throw PlanFileError("unknown action \"" + s + "\"");
}

}  // namespace

std::string encode_plan(const Plan& plan) {
  json j;
  j["format"] = "infra-plan";
  j["format_version"] = kFormatVersion;
  j["destroy"] = plan.destroy;
  j["timestamp"] = plan.timestamp;
  j["workspace"] = plan.workspace;
  j["config_hash"] = plan.config_hash;
  if (!plan.config_root_json.empty()) j["configuration"] = json::parse(plan.config_root_json);
  j["lineage"] = plan.lineage;
  j["serial"] = plan.serial;
  j["variables"] = json::object();
  for (const auto& [name, v] : plan.variables) j["variables"][name] = encode_value(v);
  j["changes"] = json::array();
  for (const auto& c : plan.changes) {
    j["changes"].push_back({{"address", c.address},
                            {"type", c.type},
                            {"name", c.name},
                            {"provider", c.provider},
                            {"action", kActions[static_cast<int>(c.action)]},
                            {"create_before_destroy", c.create_before_destroy},
                            {"before", encode_value(c.before)},
                            {"after", encode_value(c.after)},
                            {"replace_paths", encode_paths(c.replace_paths)},
                            {"dependencies", c.dependencies},
                            {"reason", c.reason},
                            {"moved_from", c.moved_from},
                            {"import_id", c.import_id}});
    if (!c.blocks.empty()) j["changes"].back()["blocks"] = encode_blocks(c.blocks);
    if (c.schema_version != 0) j["changes"].back()["schema_version"] = c.schema_version;
  }
  j["drift"] = json::array();
  for (const auto& d : plan.drift) {
    j["drift"].push_back({{"address", d.address},
                          {"type", d.type},
                          {"name", d.name},
                          {"before", encode_value(d.before)},
                          {"after", encode_value(d.after)}});
    if (!d.blocks.empty()) j["drift"].back()["blocks"] = encode_blocks(d.blocks);
  }
  j["outputs"] = json::array();
  for (const auto& o : plan.outputs) {
    j["outputs"].push_back({{"name", o.name},
                            {"action", kActions[static_cast<int>(o.action)]},
                            {"before", encode_value(o.before)},
                            {"after", encode_value(o.after)},
                            {"sensitive", o.sensitive}});
  }
  j["provider_configurations"] = json::object();
  for (const auto& [key, v] : plan.provider_configurations) {
    j["provider_configurations"][key] = encode_value(v);
  }
  j["warnings"] = plan.warnings;
  j["partial"] = plan.partial;
  j["refresh_only"] = plan.refresh_only;
  j["deferred"] = json::array();
  for (const auto& d : plan.deferred) j["deferred"].push_back({{"address", d.address}, {"reason", d.reason}});
  return j.dump(1) + "\n";
}

Plan decode_plan(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "infra-plan") {
    throw PlanFileError("not an Infra plan file");
  }
  if (j.value("format_version", 0) != kFormatVersion) {
    throw PlanFileError("plan file format version " + std::to_string(j.value("format_version", 0)) +
                        " is not supported (this version reads " + std::to_string(kFormatVersion) + ")");
  }
  try {
    Plan plan;
    plan.destroy = j.at("destroy").get<bool>();
    plan.timestamp = j.at("timestamp").get<std::string>();
    if (!parse_timestamp(plan.timestamp)) throw PlanFileError("malformed plan file: bad timestamp");
    plan.workspace = j.value("workspace", "default");
    plan.config_hash = j.at("config_hash").get<std::string>();
    if (j.contains("configuration")) plan.config_root_json = j["configuration"].dump();
    plan.lineage = j.at("lineage").get<std::string>();
    plan.serial = j.at("serial").get<std::int64_t>();
    for (const auto& [name, v] : j.at("variables").items()) plan.variables[name] = decode_value(v);
    for (const auto& c : j.at("changes")) {
      Change change;
      change.address = c.at("address").get<std::string>();
      change.type = c.at("type").get<std::string>();
      change.name = c.at("name").get<std::string>();
      change.provider = c.at("provider").get<std::string>();
      change.action = decode_action(c.at("action").get<std::string>());
      change.create_before_destroy = c.at("create_before_destroy").get<bool>();
      change.before = decode_value(c.at("before"));
      change.after = decode_value(c.at("after"));
      change.replace_paths = decode_paths(c.at("replace_paths"));
      change.blocks = decode_blocks(c.value("blocks", json::array()));
      change.schema_version = c.value("schema_version", 0);
      change.dependencies = c.at("dependencies").get<std::vector<std::string>>();
      change.reason = c.at("reason").get<std::string>();
      change.moved_from = c.value("moved_from", std::string());
      change.import_id = c.value("import_id", std::string());
      plan.changes.push_back(std::move(change));
    }
    for (const auto& d : j.at("drift")) {
      plan.drift.push_back({d.at("address").get<std::string>(), d.at("type").get<std::string>(),
                            d.at("name").get<std::string>(), decode_value(d.at("before")),
                            decode_value(d.at("after")),
                            decode_blocks(d.value("blocks", json::array()))});
    }
    for (const auto& o : j.at("outputs")) {
      plan.outputs.push_back({o.at("name").get<std::string>(),
                              decode_action(o.at("action").get<std::string>()),
                              decode_value(o.at("before")), decode_value(o.at("after")),
                              o.at("sensitive").get<bool>()});
    }
    const json providers = j.value("provider_configurations", json::object());
    for (const auto& [key, v] : providers.items()) {
      plan.provider_configurations[key] = decode_value(v);
    }
    plan.warnings = j.at("warnings").get<std::vector<std::string>>();
    plan.partial = j.value("partial", false);
    plan.refresh_only = j.value("refresh_only", false);
    for (const auto& d : j.value("deferred", json::array())) {
      plan.deferred.push_back({d.at("address").get<std::string>(), d.at("reason").get<std::string>()});
    }
    return plan;
  } catch (const json::exception& e) {
    throw PlanFileError(std::string("malformed plan file: ") + e.what());
  }
}

void save_plan(const Plan& plan, const std::filesystem::path& path) {
  std::string text = encode_plan(plan);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw PlanFileError("cannot write plan file " + path.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw PlanFileError("cannot write plan file " + path.string() + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

Plan load_plan(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PlanFileError("cannot read plan file " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return decode_plan(ss.str());
  } catch (const PlanFileError& e) {
    throw PlanFileError(path.string() + ": " + e.what());
  }
}

}  // namespace infra::planner
