// Reading a Terraform state (format version 4): see state/terraform_import.hpp.
#include "state/terraform_import.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace infra::state {

namespace {

using json = nlohmann::json;

constexpr int kSupportedVersion = 4;

// Reads the parts of the file, naming the place of anything out of shape.
class Reader {
 public:
  explicit Reader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw TerraformStateError(source_ + ": " + (where.empty() ? "" : where + ": ") + what);
  }

  const json& member(const json& object, const std::string& where, const char* name) const {
    auto it = object.find(name);
    if (it == object.end()) fail(where, std::string("missing \"") + name + "\"");
    return *it;
  }

  std::string string(const json& object, const std::string& where, const char* name) const {
    const json& v = member(object, where, name);
    if (!v.is_string()) fail(where, std::string("\"") + name + "\" must be a string");
    return v.get<std::string>();
  }

  std::string optional_string(const json& object, const std::string& where,
                              const char* name) const {
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) fail(where, std::string("\"") + name + "\" must be a string");
    return it->get<std::string>();
  }

  const json& array(const json& object, const std::string& where, const char* name) const {
    static const json kEmpty = json::array();
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) return kEmpty;
    if (!it->is_array()) fail(where, std::string("\"") + name + "\" must be a list");
    return *it;
  }

 private:
  const std::string& source_;
};

// "FILE:LINE:COLUMN: ..." for a JSON syntax error at byte offset `byte` (1-based: the
// character that could not be read).
std::string syntax_error(const std::string& source, std::string_view text, std::size_t byte,
                         const std::string& message) {
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  // nlohmann's message starts "[json.exception.parse_error.101] parse error at line L,
  // column C: "; the place is ours already.
  std::string detail = message;
  if (auto colon = detail.find(": "); colon != std::string::npos) detail = detail.substr(colon + 2);
  return source + ":" + std::to_string(line) + ":" + std::to_string(column) +
         ": not a valid JSON file: " + detail;
}

// An index key as planner/address.cpp writes it: ["key"], quotes and backslashes escaped.
std::string quoted_key(const std::string& key) {
  std::string out = "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"]";
}

// The provider of a resource, as Terraform writes it, to our key and the provider's type
// name: provider["registry.terraform.io/hashicorp/local"] and .alias after it; in a module
// that configures its own, module.NAME. before it; Terraform 0.12 wrote provider.local.
struct ProviderRef {
  std::string name;  // "local"
  std::string key;   // "local" or "local.alias"
};

std::optional<ProviderRef> parse_provider(const std::string& text) {
  std::string rest;
  std::string name;
  if (auto open = text.find("provider[\""); open != std::string::npos) {
    const std::size_t start = open + 10;
    auto close = text.find("\"]", start);
    if (close == std::string::npos) return std::nullopt;
    const std::string source = text.substr(start, close - start);
    name = source.substr(source.rfind('/') + 1);
    rest = text.substr(close + 2);
  } else {
    // provider.local, provider.local.alias, module.app.provider.local
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
      auto dot = text.find('.', start);
      parts.push_back(text.substr(start, dot == std::string::npos ? dot : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    auto it = std::find(parts.begin(), parts.end(), "provider");
    if (it == parts.end() || it + 1 == parts.end() || parts.end() - it > 3) return std::nullopt;
    name = it[1];
    if (it + 2 != parts.end()) rest = "." + it[2];
  }
  if (name.empty()) return std::nullopt;
  if (rest.empty()) return ProviderRef{name, name};
  if (rest[0] != '.' || rest.size() == 1 || rest.find('.', 1) != std::string::npos) {
    return std::nullopt;
  }
  return ProviderRef{name, name + rest};
}

// The top-level attribute names of Terraform's sensitive paths ([{"type": "get_attr",
// "value": "content"}, ...]), in order, without repeats: Infra marks whole attributes.
std::vector<std::string> sensitive_names(const json& paths, const Reader& r,
                                         const std::string& where) {
  std::vector<std::string> names;
  for (const json& path : paths) {
    if (!path.is_array()) r.fail(where, "each of \"sensitive_attributes\" must be a list of steps");
    if (path.empty()) continue;
    const json& step = path.front();
    if (!step.is_object() || step.value("type", "") != "get_attr" || !step.contains("value") ||
        !step["value"].is_string()) {
      r.fail(where, "a sensitive attribute path must start with an attribute name "
                    "({\"type\": \"get_attr\", \"value\": NAME})");
    }
    const std::string name = step["value"].get<std::string>();
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

// Terraform's built-in terraform_data is Infra's infra_data, attribute for attribute.
constexpr std::string_view kTerraformData = "terraform_data";
constexpr std::string_view kInfraData = "infra_data";

// `address` with a terraform_data resource in it named as infra_data.
std::string rename_builtin(std::string address) {
  const std::string from = std::string(kTerraformData) + ".";
  for (auto at = address.find(from); at != std::string::npos; at = address.find(from, at + 1)) {
    if (at == 0 || address[at - 1] == '.') address.replace(at, kTerraformData.size(), kInfraData);
  }
  return address;
}

// terraform_data's input, output and triggers_replace may hold any type, which Terraform
// writes as {"value": V, "type": T}; Infra keeps V.
json unwrap_dynamic(json attributes) {
  for (const char* name : {"input", "output", "triggers_replace"}) {
    auto it = attributes.find(name);
    if (it != attributes.end() && it->is_object() && it->size() == 2 && it->contains("value") &&
        it->contains("type")) {
      json value = (*it)["value"];
      *it = std::move(value);
    }
  }
  return attributes;
}

}  // namespace

TerraformState convert_terraform_state(std::string_view text, const std::string& source_name,
                                       const TerraformImportOptions& options) {
  const Reader r(source_name);
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw TerraformStateError(syntax_error(source_name, text, e.byte, e.what()));
  }
  if (!doc.is_object()) r.fail("", "not a Terraform state: the file is not a JSON object");
  const json& version = r.member(doc, "", "version");
  if (!version.is_number_integer()) r.fail("", "\"version\" must be a whole number");
  if (version.get<std::int64_t>() != kSupportedVersion) {
    r.fail("", "Terraform state format version " + version.dump() +
                   " is not supported; infra imports version 4, which Terraform 0.12 and "
                   "later and OpenTofu write (run a newer Terraform on it once to upgrade it)");
  }

  TerraformState out;
  out.terraform_version = r.optional_string(doc, "", "terraform_version");
  out.lineage = r.optional_string(doc, "", "lineage");
  if (auto s = doc.find("serial"); s != doc.end()) {
    if (!s->is_number_integer()) r.fail("", "\"serial\" must be a whole number");
    out.serial = s->get<std::int64_t>();
  }

  if (auto outputs = doc.find("outputs"); outputs != doc.end() && !outputs->is_null()) {
    if (!outputs->is_object()) r.fail("", "\"outputs\" must be an object");
    for (const auto& [name, o] : outputs->items()) {
      const std::string where = "outputs." + name;
      if (!o.is_object()) r.fail(where, "must be an object");
      const json& value = r.member(o, where, "value");
      bool sensitive = false;
      if (auto s = o.find("sensitive"); s != o.end()) {
        if (!s->is_boolean()) r.fail(where, "\"sensitive\" must be true or false");
        sensitive = s->get<bool>();
      }
      out.outputs.push_back({name, value.dump(), sensitive});
    }
  }

  std::set<std::string> seen;
  const json& resources = r.array(doc, "", "resources");
  for (std::size_t ri = 0; ri < resources.size(); ++ri) {
    const json& res = resources[ri];
    const std::string rwhere = "resources[" + std::to_string(ri) + "]";
    if (!res.is_object()) r.fail(rwhere, "must be an object");
    const std::string mode = r.string(res, rwhere, "mode");
    std::string type = r.string(res, rwhere, "type");
    const std::string name = r.string(res, rwhere, "name");
    const std::string module = r.optional_string(res, rwhere, "module");
    if (mode != "managed" && mode != "data") {
      r.fail(rwhere, "\"mode\" must be \"managed\" or \"data\", not \"" + mode + "\"");
    }
    const std::string provider_text = r.string(res, rwhere, "provider");
    auto provider = parse_provider(provider_text);
    if (!provider) r.fail(rwhere, "cannot read the provider \"" + provider_text + "\"");
    const bool builtin =
        mode == "managed" && type == kTerraformData && provider->name == "terraform";
    if (builtin) {
      type = kInfraData;
      provider = ProviderRef{"infra", "infra"};
    }
    const std::string prefix = module.empty() ? "" : module + ".";
    const std::string resource = prefix + (mode == "data" ? "data." : "") + type + "." + name;
    // Whether Infra can manage the type, and with which attributes.
    std::string unsupported;
    std::optional<std::vector<std::string>> names;
    if (mode == "managed" && !(options.provider_known && options.provider_known(provider->name))) {
      unsupported = "provider \"" + provider->name + "\" is not available";
    } else if (mode == "managed" && options.resource_attributes) {
      names = options.resource_attributes(provider->name, type);
      if (!names) {
        unsupported = "provider \"" + provider->name + "\" has no resource type \"" + type + "\"";
      }
    }

    const json& instances = r.array(res, rwhere, "instances");
    for (std::size_t ii = 0; ii < instances.size(); ++ii) {
      const json& in = instances[ii];
      const std::string where = rwhere + ".instances[" + std::to_string(ii) + "]";
      if (!in.is_object()) r.fail(where, "must be an object");
      std::string key;
      if (auto k = in.find("index_key"); k != in.end() && !k->is_null()) {
        if (k->is_number_integer() && k->get<std::int64_t>() >= 0) {
          key = "[" + std::to_string(k->get<std::int64_t>()) + "]";
        } else if (k->is_string()) {
          key = quoted_key(k->get<std::string>());
        } else {
          r.fail(where, "\"index_key\" must be a whole number or a string");
        }
      }
      const std::string address = resource + key;
      if (mode == "data") {
        out.data_sources.push_back(address);
        continue;
      }
      if (in.contains("deposed")) {
        out.deposed.push_back({address, type, provider->name,
                               "a deposed object (left by an interrupted replacement)"});
        continue;
      }
      ResourceInstance inst;
      inst.address = address;
      inst.type = type;
      inst.name = name;
      inst.provider = provider->key;
      if (auto sv = in.find("schema_version"); sv != in.end()) {
        if (!sv->is_number_integer()) r.fail(where, "\"schema_version\" must be a whole number");
        inst.schema_version = sv->get<int>();
      }
      if (in.contains("attributes_flat") && !in.contains("attributes")) {
        r.fail(where, "flat attributes (\"attributes_flat\") are not supported; run a newer "
                      "Terraform on the state once to upgrade it");
      }
      const json& attributes = r.member(in, where, "attributes");
      if (!attributes.is_object()) r.fail(where, "\"attributes\" must be an object");
      json kept = builtin ? unwrap_dynamic(attributes) : attributes;
      inst.sensitive_paths = sensitive_names(r.array(in, where, "sensitive_attributes"), r, where);
      if (names) {
        // What Infra's provider does not know would show as a change in every plan.
        for (auto it = kept.begin(); it != kept.end();) {
          if (std::find(names->begin(), names->end(), it.key()) != names->end()) {
            ++it;
            continue;
          }
          auto& dropped = out.dropped_attributes[type];
          if (std::find(dropped.begin(), dropped.end(), it.key()) == dropped.end()) {
            dropped.push_back(it.key());
          }
          std::erase(inst.sensitive_paths, it.key());
          it = kept.erase(it);
        }
      }
      inst.attributes_json = kept.dump();
      for (const json& d : r.array(in, where, "dependencies")) {
        if (!d.is_string()) r.fail(where, "each of \"dependencies\" must be a string");
        inst.dependencies.push_back(rename_builtin(d.get<std::string>()));
      }
      const std::string status = r.optional_string(in, where, "status");
      if (status == "tainted") {
        inst.status = "tainted";
      } else if (!status.empty()) {
        r.fail(where, "unknown status \"" + status + "\"");
      }
      if (!seen.insert(address).second) r.fail(where, "a second instance " + address);
      if (!unsupported.empty()) {
        out.unsupported.push_back({address, type, provider->name, unsupported});
        if (!options.keep_unknown) continue;
      }
      out.instances.push_back(std::move(inst));
    }
  }

  const auto by_address = [](const auto& a, const auto& b) { return a.address < b.address; };
  std::sort(out.instances.begin(), out.instances.end(), by_address);
  std::sort(out.unsupported.begin(), out.unsupported.end(), by_address);
  for (auto& [type, dropped] : out.dropped_attributes) std::sort(dropped.begin(), dropped.end());
  std::sort(out.deposed.begin(), out.deposed.end(), by_address);
  std::sort(out.data_sources.begin(), out.data_sources.end());
  std::sort(out.outputs.begin(), out.outputs.end(),
            [](const OutputValue& a, const OutputValue& b) { return a.name < b.name; });
  return out;
}

}  // namespace infra::state
