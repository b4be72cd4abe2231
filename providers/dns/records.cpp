// The shared life cycle of a record set: every change is one UPDATE message, so the
// server applies all of it or none of it; reads ask the server, so changes made outside
// infra show as drift.
#include "providers/dns/records.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "providers/dns/client.hpp"
#include "providers/dns/settings.hpp"
#include "providers/protocol/paths.hpp"

namespace infra::providers::dns {

namespace {

constexpr std::int64_t kDefaultTtl = 3600;
constexpr std::int64_t kMaxTtl = std::numeric_limits<std::int32_t>::max();
constexpr int kYxRrset = 7;

std::string text_of(const json& object, const std::string& name) {
  const json v = object.is_object() ? object.value(name, json()) : json();
  return v.is_string() ? v.get<std::string>() : "";
}

bool is_apex(const std::string& name) { return name.empty() || name == "@"; }

// The zone of `state`, which validate has checked ends with a dot.
std::string zone_of(const json& state) {
  const std::string zone = text_of(state, "zone");
  if (zone.empty() || zone.back() != '.') {
    throw sdk::Error("zone \"" + zone + "\" must end with a dot", json::array({"zone"}));
  }
  return zone;
}

// The owner name of the records: name.zone., or the zone for the apex.
std::string owner_of(const json& state) {
  const std::string zone = zone_of(state);
  const std::string name = text_of(state, "name");
  if (is_apex(name)) return zone;
  return name + "." + (zone == "." ? "" : zone);
}

std::string rr_text(const RecordType& type) { return type_name(type.rr_type); }

std::string about(const RecordType& type, const std::string& owner) {
  return owner + " " + rr_text(type);
}

json read_records(const RecordType& type, const json& prior) {
  const std::string owner = owner_of(prior);
  const std::vector<Record> records = query(current_settings(), owner, type.rr_type);
  if (records.empty()) return nullptr;
  std::vector<std::string> rdata;
  std::uint32_t ttl = records.front().ttl;
  for (const auto& r : records) {
    rdata.push_back(r.rdata);
    ttl = std::min(ttl, r.ttl);
  }
  json state = {{"zone", prior["zone"]},
                {"name", prior.value("name", json())},
                {"ttl", ttl},
                {"id", owner}};
  type.decode(state, rdata, prior);
  return state;
}

std::vector<Record> records_of(const RecordType& type, const json& state) {
  const std::string owner = owner_of(state);
  const auto ttl = static_cast<std::uint32_t>(integer(state, "ttl"));
  std::vector<Record> out;
  for (auto& rdata : type.encode(state)) {
    out.push_back({.name = owner, .type = type.rr_type, .klass = kClassIn, .ttl = ttl,
                   .rdata = std::move(rdata)});
  }
  return out;
}

// Whether `a` and `b` describe the same records with the same TTL.
bool same_records(const RecordType& type, const json& a, const json& b) {
  std::vector<std::string> x = type.encode(a);
  std::vector<std::string> y = type.encode(b);
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y && integer(a, "ttl") == integer(b, "ttl");
}

// The state after a change, read back: the server may have ignored part of an update
// that RFC 2136 tells it to ignore silently (a CNAME beside other data, for one).
json read_back(const RecordType& type, const json& planned) {
  json state = read_records(type, planned);
  if (state.is_null() || !same_records(type, state, planned)) {
    throw sdk::Error("DNS server " + current_settings().where() + " accepted the update of " +
                     about(type, owner_of(planned)) +
                     " but does not answer with its records (a CNAME cannot share its name "
                     "with records of other types)");
  }
  return state;
}

json create(const RecordType& type, const json& planned) {
  const std::string owner = owner_of(planned);
  const Settings settings = current_settings();
  // Prerequisite "RRset does not exist" (RFC 2136 2.4.3): never take over records that
  // something else made.
  const Record absent{.name = owner, .type = type.rr_type, .klass = kClassNone, .ttl = 0,
                      .rdata = ""};
  try {
    update(settings, zone_of(planned), {absent},
           records_of(type, planned), "the update of " + about(type, owner));
  } catch (const RcodeError& e) {
    if (e.rcode() != kYxRrset) throw;
    // Made already by an earlier attempt of this same request, or by someone else.
    const json existing = read_records(type, planned);
    if (existing.is_null() || !same_records(type, existing, planned)) {
      throw sdk::Error("there are " + rr_text(type) + " records at " + owner +
                       " already: import them with the id \"" + text_of(planned, "zone") + "/" +
                       (is_apex(text_of(planned, "name")) ? "@" : text_of(planned, "name")) +
                       "/" + rr_text(type) + "\" or remove them first");
    }
  }
  return read_back(type, planned);
}

json update_in_place(const RecordType& type, const json& planned) {
  const std::string owner = owner_of(planned);
  // Delete the RRset and add the new records in one message (RFC 2136 2.5.2, 2.5.1).
  std::vector<Record> changes = {
      {.name = owner, .type = type.rr_type, .klass = kClassAny, .ttl = 0, .rdata = ""}};
  for (auto& r : records_of(type, planned)) changes.push_back(std::move(r));
  update(current_settings(), zone_of(planned), {}, changes,
         "the update of " + about(type, owner));
  return read_back(type, planned);
}

void destroy(const RecordType& type, const json& prior) {
  const std::string owner = owner_of(prior);
  // Deleting an RRset that is not there succeeds: nothing to do is not an error.
  update(current_settings(), zone_of(prior), {},
         {{.name = owner, .type = type.rr_type, .klass = kClassAny, .ttl = 0, .rdata = ""}},
         "the deletion of " + about(type, owner));
}

json import(const RecordType& type, const std::string& id) {
  const std::string example = "\"example.test./www/" + rr_text(type) + "\"";
  const auto first = id.find('/');
  const auto second = first == std::string::npos ? first : id.find('/', first + 1);
  if (second == std::string::npos || id.find('/', second + 1) != std::string::npos ||
      first == 0) {
    throw sdk::Error("import id \"" + id + "\" is not zone/name/TYPE, e.g. " + example +
                     " (\"@\" or an empty name for the zone's apex)");
  }
  std::string zone = id.substr(0, first);
  const std::string name = id.substr(first + 1, second - first - 1);
  const std::string rr = id.substr(second + 1);
  if (!same_name(rr, rr_text(type))) {
    throw sdk::Error("import id \"" + id + "\" names records of type \"" + rr + "\", but " +
                     type.resource + " holds " + rr_text(type) + " records: " + example);
  }
  if (zone.back() != '.') zone += '.';
  if (!is_apex(name) && name.back() == '.') {
    throw sdk::Error("import id \"" + id + "\": the name is relative to the zone; leave out "
                     "its final dot");
  }
  json prior = {{"zone", zone}, {"name", is_apex(name) ? json() : json(name)}};
  try {
    encode_name(owner_of(prior));
  } catch (const WireError& e) {
    throw sdk::Error("import id \"" + id + "\": " + e.what());
  }
  json state = read_records(type, prior);
  if (state.is_null()) {
    throw sdk::Error("no " + rr_text(type) + " records at " + owner_of(prior) +
                     " on DNS server " + current_settings().where());
  }
  return state;
}

std::vector<sdk::Diagnostic> validate(const RecordType& type, const json& config) {
  std::vector<sdk::Diagnostic> out;
  const json zone = config.value("zone", json());
  const json name = config.value("name", json());
  if (zone.is_string()) {
    const std::string z = zone.get<std::string>();
    if (z.empty() || z.back() != '.') {
      out.push_back(error_at(json::array({"zone"}),
                             "zone \"" + z + "\" is not fully qualified: it must end with a "
                             "dot, as in \"" + z + ".\""));
    }
  }
  if (name.is_string() && !is_apex(name.get<std::string>()) &&
      name.get<std::string>().back() == '.') {
    out.push_back(error_at(json::array({"name"}),
                           "name \"" + name.get<std::string>() +
                               "\" is relative to the zone: leave out its final dot"));
  }
  if (zone.is_string() && out.empty() && (name.is_string() || name.is_null())) {
    try {
      encode_name(owner_of(config));
    } catch (const WireError& e) {
      out.push_back(error_at(json::array({"name"}), e.what()));
    }
  }
  const json ttl = config.value("ttl", json());
  if (ttl.is_number() && (ttl.get<double>() < 0 || ttl.get<double>() > kMaxTtl ||
                          ttl.get<double>() != std::floor(ttl.get<double>()))) {
    out.push_back(error_at(json::array({"ttl"}),
                           "ttl must be a whole number of seconds from 0 to 2147483647"));
  }
  if (type.validate) type.validate(config, out);
  return out;
}

void plan(sdk::Plan& plan) {
  if (plan.planned.is_null()) return;
  if (plan.planned.value("ttl", json()).is_null() &&
      !has_path(plan.proposed_unknown, json::array({"ttl"}))) {
    plan.planned["ttl"] = kDefaultTtl;
  }
  if (!plan.creates_new_object()) return;
  const bool known = plan.planned.value("zone", json()).is_string() &&
                     !has_path(plan.proposed_unknown, json::array({"name"}));
  if (!known) return plan.set_unknown("id");
  try {
    plan.set_known("id", owner_of(plan.planned));
  } catch (const sdk::Error&) {
    plan.set_unknown("id");  // validate reports the zone
  }
}

}  // namespace

Attribute argument(std::string name, std::string type, std::string description) {
  return {.name = std::move(name), .type = std::move(type), .required = true,
          .description = std::move(description)};
}

sdk::Diagnostic error_at(json path, std::string summary) {
  return {.severity = "error",
          .summary = std::move(summary),
          .detail = "",
          .path = std::move(path)};
}

void check_absolute_name(const json& value, const json& path, std::vector<sdk::Diagnostic>& out) {
  if (!value.is_string()) return;
  const std::string text = value.get<std::string>();
  if (text.empty() || text.back() != '.') {
    out.push_back(error_at(path, "\"" + text + "\" is not a fully qualified name: it must end "
                                 "with a dot, as in \"" + text + ".\""));
    return;
  }
  try {
    encode_name(text);
  } catch (const WireError& e) {
    out.push_back(error_at(path, e.what()));
  }
}

std::string keep_spelling(const std::string& value, const json& prior) {
  return prior.is_string() && same_name(prior.get<std::string>(), value) &&
                 !prior.get<std::string>().empty() && prior.get<std::string>().back() == '.'
             ? prior.get<std::string>()
             : value;
}

std::int64_t integer(const json& object, const std::string& name) {
  const json v = object.is_object() ? object.value(name, json()) : json();
  return v.is_number() ? std::llround(v.get<double>()) : 0;
}

sdk::Resource record_resource(const RecordType& type) {
  sdk::Resource r;
  r.schema.description = type.description;
  r.schema.attributes = {
      {.name = "zone", .type = "string", .required = true, .force_new = true,
       .description = "The zone, fully qualified: \"example.test.\"."},
      {.name = "name", .type = "string", .optional = true, .force_new = true,
       .description = "The name relative to the zone (\"www\"); unset for the zone's apex."},
      {.name = "ttl", .type = "number", .optional = true,
       .description = "Time to live of the records, in seconds; default 3600."},
      {.name = "id", .type = "string", .computed = true,
       .description = "The records' fully qualified name, \"www.example.test.\"."},
  };
  for (const auto& a : type.arguments) r.schema.attributes.push_back(a);
  r.schema.blocks = type.blocks;
  r.validate = [type](const json& config, const json&) { return validate(type, config); };
  r.plan = plan;
  r.create = [type](const json& planned) { return create(type, planned); };
  r.read = [type](const json& state) { return read_records(type, state); };
  r.update = [type](const json&, const json& planned) { return update_in_place(type, planned); };
  r.destroy = [type](const json& prior) { destroy(type, prior); };
  r.import = [type](const std::string& id) { return import(type, id); };
  return r;
}

}  // namespace infra::providers::dns
