// The exec_command resource: an object made and looked after by the user's own commands.
// `create` runs once; `read` (optional) refreshes `output` and may say the object is gone;
// a change of `input` runs `update` or, without one, replaces the object; a change of
// `triggers` always replaces it; `delete` (optional) runs when it is destroyed. A change of
// the commands themselves, or of sensitive_environment, is recorded without running any.
// An existing object is imported by its id alone: the plan adopts the configuration's
// arguments, and the next refresh runs its read command.
#include <random>

#include "providers/exec/command.hpp"
#include "providers/exec/types.hpp"

namespace infra::providers::exec {

namespace {

const char* const kBlocks[] = {"create", "read", "update", "delete"};

json member(const json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? json() : *it;
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// 16 hex digits from the system's random source, for objects whose create prints no id.
std::string new_id() {
  std::random_device device;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const unsigned word = device() & 0xffff;
    static constexpr char kHex[] = "0123456789abcdef";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(word >> shift) & 15];
  }
  return out;
}

// What every command of the object described by `state` runs with; read, update and delete
// also learn the object's id and last output.
Invocation invocation_of(const json& state, const std::string& operation) {
  Invocation invocation;
  const json input = member(state, "input");
  if (input.is_object()) invocation.input = input;
  const json sensitive = member(state, "sensitive_environment");
  if (sensitive.is_object()) invocation.sensitive = sensitive;
  invocation.variables["EXEC_OPERATION"] = operation;
  if (operation != "create") {
    const json id = member(state, "id");
    if (id.is_string()) invocation.variables["EXEC_ID"] = id.get<std::string>();
    invocation.variables["EXEC_OUTPUT"] = member(state, "output").dump();
  }
  return invocation;
}

// Runs the command of block `name` in `state` for `invocation`.
Outcome run_block(const json& state, const char* name, const Invocation& invocation,
                  const std::vector<int>& accepted = {}) {
  return run(command_from(member(state, name), name, json::array({name})), invocation, accepted);
}

// The object a command printed on stdout, when it printed one whole.
std::optional<json> printed_object(const Outcome& outcome) {
  if (outcome.out_truncated) return std::nullopt;
  return parse_object(outcome.out);
}

// Whether `input` changes from the prior state to the planned one, or may (unknown).
bool input_changes(const sdk::Plan& plan) {
  for (const auto& path : plan.proposed_unknown) {
    if (path.is_array() && !path.empty() && path[0] == "input") return true;
  }
  return member(plan.prior, "input") != member(plan.planned, "input");
}

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  for (const char* name : kBlocks) {
    check_command(member(config, name), unknown, json::array({name}), out);
  }
  check_input(config, unknown, out);
  return out;
}

void plan(sdk::Plan& plan) {
  if (plan.creating() || !input_changes(plan)) return;
  if (member(plan.planned, "update").is_object()) {
    plan.set_unknown("output");  // the update command prints the new output
    return;
  }
  add_path(plan.requires_replace, json::array({"input"}));
  for (const char* name : {"id", "output", "stdout"}) plan.set_unknown(name);
}

json create(const json& planned) {
  const Invocation invocation = invocation_of(planned, "create");
  const Outcome outcome = run_block(planned, "create", invocation);
  json state = planned;
  state["output"] = printed_object(outcome).value_or(json::object());
  const json id = member(state["output"], "id");
  state["id"] = id.is_string() && !id.get<std::string>().empty() ? id : json(new_id());
  state["stdout"] = redact(outcome.out, invocation.sensitive);
  return state;
}

json read(const json& state) {
  if (!member(state, "read").is_object()) return state;
  const Outcome outcome =
      run_block(state, "read", invocation_of(state, "read"), {kGoneExitCode});
  if (outcome.exit_code == kGoneExitCode || blank(outcome.out)) return nullptr;
  json next = state;
  if (auto object = printed_object(outcome)) next["output"] = *object;
  return next;
}

json update(const json& prior, const json& planned) {
  json state = planned;
  state["id"] = member(prior, "id");
  state["stdout"] = member(prior, "stdout");
  state["output"] = member(prior, "output");
  if (member(prior, "input") == member(planned, "input")) return state;
  if (!member(planned, "update").is_object()) {
    throw sdk::Error("input changed and there is no update command: plan again to replace",
                     json::array({"input"}));
  }
  Invocation invocation = invocation_of(planned, "update");
  invocation.variables["EXEC_ID"] = state["id"].is_string() ? state["id"].get<std::string>() : "";
  invocation.variables["EXEC_OUTPUT"] = member(prior, "output").dump();
  invocation.variables["EXEC_PRIOR_INPUT"] = member(prior, "input").dump();
  const Outcome outcome = run_block(planned, "update", invocation);
  if (auto object = printed_object(outcome)) state["output"] = *object;
  return state;
}

// The arguments of an imported object, which only the configuration knows.
const char* const kArguments[] = {"input", "triggers", "sensitive_environment",
                                  "create", "read", "update", "delete"};

json import(const std::string& id) {
  if (blank(id)) {
    throw sdk::Error("cannot import exec_command: the id is empty; give the id the object's "
                     "commands know it by (EXEC_ID)");
  }
  // Nothing is run: output and stdout are empty until the configured read command refreshes
  // the object.
  json state = {{"id", id}, {"output", json::object()}, {"stdout", ""}};
  for (const char* name : kArguments) state[name] = nullptr;
  return state;
}

// Only an imported state lacks the create block (it is required): take every argument from
// the configuration, since nothing about the object can contradict it.
std::vector<std::string> adopt(const json& prior, const json& /*proposed*/,
                               std::vector<sdk::Diagnostic>& /*diagnostics*/) {
  if (!member(prior, "create").is_null()) return {};
  return {std::begin(kArguments), std::end(kArguments)};
}

void destroy(const json& prior) {
  if (!member(prior, "delete").is_object()) return;
  run_block(prior, "delete", invocation_of(prior, "delete"));
}

BlockType command_block(const char* name, bool required, std::string description) {
  BlockType block;
  block.name = name;
  block.nesting = Nesting::Single;
  block.min_items = required ? 1 : 0;
  block.max_items = 1;
  block.description = std::move(description);
  block.attributes = command_attributes();
  return block;
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "An object made, read, updated and deleted by commands of your own.";
  s.attributes = {
      {.name = "input",
       .type = "map(string)",
       .optional = true,
       .description = "Given to every command as INPUT_<KEY> variables and as a JSON object "
                      "on stdin. A change runs the update command, or replaces the object "
                      "when there is none."},
      {.name = "triggers",
       .type = "map(string)",
       .optional = true,
       .force_new = true,
       .description = "Any change replaces the object; given to no command."},
      {.name = "sensitive_environment",
       .type = "map(string)",
       .optional = true,
       .sensitive = true,
       .description = "Variables added to every command's environment, never shown: their "
                      "values are replaced by (sensitive) in messages and in stdout."},
      {.name = "id",
       .computed = true,
       .description = "The \"id\" the create command printed in its JSON object, or 16 random "
                      "hex digits."},
      {.name = "output",
       .type = "any",
       .computed = true,
       .description = "The JSON object the last create, read or update command printed on "
                      "stdout; an empty object when create printed none."},
      {.name = "stdout", .computed = true, .description = "What the create command printed."},
  };
  s.blocks = {
      command_block("create", true, "Makes the object. Required."),
      command_block("read", false,
                    "Looks at the object: a JSON object printed becomes output; nothing printed "
                    "or exit code 3 means it is gone."),
      command_block("update", false, "Changes the object in place when input changes."),
      command_block("delete", false, "Removes the object."),
  };
  return s;
}

}  // namespace

sdk::Resource command_resource() {
  sdk::Resource r;
  r.schema = schema();
  r.validate = validate;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.update = update;
  r.destroy = destroy;
  r.import = import;
  r.adopt = adopt;
  return r;
}

}  // namespace infra::providers::exec
