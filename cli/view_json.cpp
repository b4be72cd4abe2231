// The JSON view: every event of plan, apply and destroy as one line of JSON on stdout.
// Sensitive values never reach an event: the only values written are non-sensitive
// outputs, and ids that are not marked sensitive.
#include "cli/view_json.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/diagnostics_json.hpp"
#include "cli/progress.hpp"
#include "planner/address.hpp"
#include "planner/render.hpp"
#include "planner/values.hpp"

#ifndef INFRA_VERSION
#define INFRA_VERSION "0.0.0"
#endif

namespace infra::cli {
namespace {

// Ordered, so that every event reads @level, @message, @module, @timestamp, payload, type.
using json = nlohmann::ordered_json;
using planner::Action;
using planner::Change;

/// Terraform's name of an action taken on an instance: the planner's, but for these two.
std::string action_json(Action a) {
  if (a == Action::Forget) return "remove";
  if (a == Action::NoOp) return "noop";
  return std::string(planner::action_name(a));
}

/// The action of a planned change: a no-op that moves or imports is a "move" or "import".
std::string change_action(const Change& c) {
  if (c.action == Action::NoOp && !c.import_id.empty()) return "import";
  if (c.action == Action::NoOp && !c.moved_from.empty()) return "move";
  return action_json(c.action);
}

/// Terraform's reason for a replace or delete. The planner's reasons are phrases for people
/// (planner/diff.cpp, plan_walk.cpp, orphans.cpp); this names them for programs. Empty when
/// there is nothing to say.
std::string change_reason(const Change& c) {
  const std::string& r = c.reason;
  if (c.action == Action::Replace) {
    if (r == "tainted") return "tainted";
    if (r == planner::kReplaceRequested) return "requested";
    if (r.starts_with(planner::kTriggeredBy)) return "replace_by_triggers";
    return c.replace_paths.empty() ? "" : "cannot_update";
  }
  if (c.action != Action::Delete || r.empty()) return "";
  if (r.find(" of module.") != std::string::npos) return "delete_because_no_module";
  if (r.ends_with("is out of range for count")) return "delete_because_count_index";
  if (r.ends_with("is not in for_each")) return "delete_because_each_key";
  if (r.ends_with("uses count") || r.ends_with("uses for_each")) {
    return "delete_because_wrong_repetition";
  }
  // "X is not in the configuration": a resource, or a module when X is not a resource.
  static constexpr std::string_view kMissing = " is not in the configuration";
  if (r.ends_with(kMissing) && r.starts_with("module.") &&
      !planner::parse_instance_address(r.substr(0, r.size() - kMissing.size()))) {
    return "delete_because_no_module";
  }
  return "delete_because_no_resource_config";
}

/// The resource object of Terraform's events for the instance at `address`.
json resource_json(const std::string& address) {
  auto parsed = planner::parse_instance_address(address);
  if (!parsed) {
    return {{"addr", address}, {"module", ""}, {"resource", address}, {"implied_provider", ""},
            {"resource_type", ""}, {"resource_name", ""}, {"resource_key", nullptr}};
  }
  json key = nullptr;
  if (parsed->key.kind == planner::InstanceKey::Kind::Index) key = parsed->key.index;
  if (parsed->key.kind == planner::InstanceKey::Kind::Name) key = parsed->key.name;
  return {{"addr", address},
          {"module", parsed->module_address()},
          {"resource", parsed->resource() + parsed->key.suffix()},
          {"implied_provider", parsed->type.substr(0, parsed->type.find('_'))},
          {"resource_type", parsed->type},
          {"resource_name", parsed->name},
          {"resource_key", key}};
}

/// The object's id attribute, unless it has none or it is sensitive.
std::string id_of(const lang::Value& object) {
  if (object.kind() != lang::Value::Kind::Object) return "";
  auto it = object.as_object().find("id");
  if (it == object.as_object().end() || it->second.kind() != lang::Value::Kind::String ||
      it->second.is_sensitive()) {
    return "";
  }
  return it->second.as_string();
}

/// The type of a value as Terraform writes types in JSON: "string", ["tuple", [...]],
/// ["object", {...}]. The state keeps values without their declared types, so this is
/// the type of the value itself.
json type_json(const lang::Value& v) {
  switch (v.kind()) {
    case lang::Value::Kind::Bool:
      return "bool";
    case lang::Value::Kind::Number:
      return "number";
    case lang::Value::Kind::String:
      return "string";
    case lang::Value::Kind::List: {
      json items = json::array();
      for (const auto& item : v.as_list()) items.push_back(type_json(item));
      return json::array({"tuple", items});
    }
    case lang::Value::Kind::Object: {
      json members = json::object();
      for (const auto& [name, member] : v.as_object()) members[name] = type_json(member);
      return json::array({"object", members});
    }
    case lang::Value::Kind::Null:
    case lang::Value::Kind::Unknown:
      break;
  }
  return "dynamic";
}

std::string id_suffix(const std::string& id) { return id.empty() ? "" : " [id=" + id + "]"; }

class JsonView : public View, public planner::RefreshObserver {
 public:
  JsonView(std::ostream& out, std::function<std::chrono::system_clock::time_point()> now)
      : out_(out), now_(std::move(now)) {
    emit("info", std::string("Infra ") + INFRA_VERSION, "version",
         {{"infra", INFRA_VERSION}, {"ui", kJsonUiVersion}});
  }

  void error(const std::string& summary, const std::string& detail) override {
    lang::Diagnostics d;
    d.error(summary, detail);
    diagnostics(d, {});
  }
  void warning(const std::string& summary, const std::string& detail) override {
    diagnostic({lang::Severity::Warning, summary, detail, std::nullopt}, {});
  }
  bool diagnostics(const lang::Diagnostics& diags, const lang::SourceFiles& files) override {
    for (const auto& d : diags.items()) diagnostic(d, files);
    return diags.has_errors();
  }

  planner::RefreshObserver* refresh_observer() override { return this; }
  void refresh_started(const state::ResourceInstance& instance) override {
    const std::string id = id_of(planner::instance_value(instance));
    emit("info", instance.address + ": Refreshing state..." + id_suffix(id), "refresh_start",
         {{"hook", with_id({{"resource", resource_json(instance.address)}}, id)}});
  }
  void refresh_finished(const state::ResourceInstance& instance, const lang::Value& now) override {
    const std::string id = id_of(now);
    emit("info", instance.address + ": Refresh complete" + id_suffix(id), "refresh_complete",
         {{"hook", with_id({{"resource", resource_json(instance.address)}}, id)}});
  }

  void plan(const planner::Plan& plan) override {
    for (const auto& d : plan.drift) {
      const char* action = d.after.is_null() ? "delete" : "update";
      emit("info", d.address + ": Drift detected (" + action + ")", "resource_drift",
           {{"change", {{"resource", resource_json(d.address)}, {"action", action}}}});
    }
    for (const auto& c : plan.changes) {
      if (c.action == Action::NoOp && c.moved_from.empty() && c.import_id.empty()) continue;
      json change = {{"resource", resource_json(c.address)}};
      if (!c.moved_from.empty()) change["previous_resource"] = resource_json(c.moved_from);
      const std::string action = change_action(c);
      change["action"] = action;
      if (auto reason = change_reason(c); !reason.empty()) change["reason"] = reason;
      if (!c.import_id.empty()) change["importing"] = {{"id", c.import_id}};
      emit("info", c.address + ": Plan to " + action, "planned_change", {{"change", change}});
    }
    for (const auto& d : plan.deferred) {
      emit("info", d.address + ": Deferred to a further round (" + d.reason + ")",
           "deferred_block", {{"deferred", {{"addr", d.address}, {"reason", d.reason}}}});
    }
    const auto s = plan.summary();
    emit("info", planner::render_summary(plan), "change_summary",
         {{"changes", {{"add", s.add}, {"change", s.change}, {"import", s.import},
                       {"remove", s.destroy}, {"forget", s.forget}, {"operation", "plan"}}}});
    json outputs = json::object();
    for (const auto& o : plan.outputs) {
      if (o.action == Action::NoOp) continue;
      outputs[o.name] = {{"sensitive", o.sensitive}, {"action", action_json(o.action)}};
    }
    if (!outputs.empty()) {
      emit("info", "Outputs: " + std::to_string(outputs.size()), "outputs", {{"outputs", outputs}});
    }
  }

  void plan_saved(const std::string& path) override {
    emit("info", "Saved the plan to: " + path, "plan_saved", {{"path", path}});
  }

  bool can_ask() const override { return false; }
  bool approve(bool auto_approve, const std::string& operation, bool) override {
    if (auto_approve) return true;
    error("No approval for " + operation + " with -json",
          "With -json, " + operation + " cannot ask for approval: its output is a stream of "
          "events for programs. Add -auto-approve to " + operation + " without asking" +
          (operation == "apply" ? ", or apply a plan saved with \"infra plan -out=FILE\"." : "."));
    return false;
  }

  void apply_start(const Change& c, Action a) override {
    const std::string id = a == Action::Create ? "" : id_of(c.before);
    emit("info", c.address + ": " + action_verb(a) + "..." + id_suffix(id), "apply_start",
         {{"hook", with_id({{"resource", resource_json(c.address)}, {"action", action_json(a)}},
                           id)}});
  }
  void apply_progress(const Change& c, Action a, long elapsed) override {
    emit("info",
         c.address + ": Still " + lowered(action_verb(a)) + "... [" + std::to_string(elapsed) +
             "s elapsed]",
         "apply_progress",
         {{"hook", {{"resource", resource_json(c.address)}, {"action", action_json(a)},
                    {"elapsed_seconds", elapsed}}}});
  }
  void apply_complete(const Change& c, Action a, double seconds,
                      const std::string& id) override {
    const long elapsed = static_cast<long>(std::floor(seconds));
    const std::string shown = a == Action::Delete ? "" : id;
    json hook =
        with_id({{"resource", resource_json(c.address)}, {"action", action_json(a)}}, shown);
    hook["elapsed_seconds"] = elapsed;
    emit("info",
         c.address + ": " + action_noun(a) + " complete after " + std::to_string(elapsed) + "s" +
             id_suffix(shown),
         "apply_complete", {{"hook", hook}});
  }
  void apply_errored(const Change& c, Action a, double seconds) override {
    const long elapsed = static_cast<long>(std::floor(seconds));
    emit("error",
         c.address + ": " + action_noun(a) + " errored after " + std::to_string(elapsed) + "s",
         "apply_errored",
         {{"hook", {{"resource", resource_json(c.address)}, {"action", action_json(a)},
                    {"elapsed_seconds", elapsed}}}});
  }

  void applied(const planner::ApplyResult& r, bool destroy) override {
    std::string message =
        destroy ? "Destroy complete! Resources: " + std::to_string(r.destroyed) + " destroyed."
                : "Apply complete! Resources: " +
                      (r.imported > 0 ? std::to_string(r.imported) + " imported, " : "") +
                      std::to_string(r.added) + " added, " + std::to_string(r.changed) +
                      " changed, " + std::to_string(r.destroyed) + " destroyed" +
                      (r.forgotten > 0 ? ", " + std::to_string(r.forgotten) + " forgotten" : "") +
                      ".";
    emit("info", message, "change_summary",
         {{"changes", {{"add", r.added}, {"change", r.changed}, {"import", r.imported},
                       {"remove", r.destroyed}, {"forget", r.forgotten},
                       {"operation", destroy ? "destroy" : "apply"}}}});
  }

  void outputs(const std::vector<state::OutputValue>& outputs) override {
    json all = json::object();
    for (const auto& o : outputs) {
      json entry = {{"sensitive", o.sensitive}};
      try {
        entry["type"] = type_json(planner::parse_json_value(o.value_json));
        if (!o.sensitive) entry["value"] = json::parse(o.value_json);
      } catch (const std::exception&) {
        // A value the state cannot give back is left out, as a sensitive one is.
      }
      all[o.name] = std::move(entry);
    }
    emit("info", "Outputs: " + std::to_string(outputs.size()), "outputs", {{"outputs", all}});
  }

  void round_start(int round) override {
    emit("info", "Round " + std::to_string(round) + ": planning what was deferred",
         "round_start", {{"round", round}});
  }
  void deferred_left(std::size_t count) override {
    emit("info",
         std::to_string(count) + " deferred block" + (count == 1 ? " was" : "s were") +
             " left for a further round: run \"infra apply\" to plan and apply " +
             (count == 1 ? "it" : "them") + ".",
         "deferred_left", {{"deferred_count", count}});
  }

 private:
  static json with_id(json hook, const std::string& id) {
    if (!id.empty()) {
      hook["id_key"] = "id";
      hook["id_value"] = id;
    }
    return hook;
  }

  void diagnostic(const lang::Diagnostic& d, const lang::SourceFiles& files) {
    const bool error = d.severity == lang::Severity::Error;
    emit(error ? "error" : "warn", (error ? "Error: " : "Warning: ") + d.summary, "diagnostic",
         {{"diagnostic", diagnostic_json(d, files)}});
  }

  // One event, written whole on one line. Invalid UTF-8 (a provider's message, a file
  // name) is replaced rather than allowed to break the line.
  void emit(const char* level, const std::string& message, const char* type, json payload) {
    json event = {{"@level", level},
                  {"@message", message},
                  {"@module", "infra.ui"},
                  {"@timestamp", format_event_timestamp(now_())}};
    for (auto& [key, value] : payload.items()) event[key] = std::move(value);
    event["type"] = type;
    const std::string line = event.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    out_ << line << std::flush;
  }

  std::ostream& out_;
  std::function<std::chrono::system_clock::time_point()> now_;
  std::mutex mutex_;
};

}  // namespace

std::string format_event_timestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto micros = duration_cast<microseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
  long fraction = static_cast<long>(micros % 1'000'000);
  if (fraction < 0) {
    fraction += 1'000'000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char micro_text[16];
  std::snprintf(micro_text, sizeof micro_text, ".%06ldZ", fraction);
  return std::string(text, n) + micro_text;
}

std::unique_ptr<View> make_json_view(std::ostream& out,
                                     std::function<std::chrono::system_clock::time_point()> now) {
  return std::make_unique<JsonView>(out, std::move(now));
}

}  // namespace infra::cli
