// The exec_command data source: runs a command at plan time and reads the JSON object it
// prints on stdout into `result`, a map of strings.
#include "providers/exec/command.hpp"
#include "providers/exec/process.hpp"
#include "providers/exec/types.hpp"

namespace infra::providers::exec {

namespace {

// How much of a stdout that is no JSON object an error message shows.
constexpr std::size_t kShownOutput = 200;

std::string excerpt(const std::string& out) {
  if (out.find_first_not_of(" \t\r\n") == std::string::npos) return "it printed nothing";
  json text = out.size() > kShownOutput ? out.substr(0, kShownOutput) + "..." : out;
  return "it printed " + text.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The values of the printed object as strings: numbers and booleans as their JSON text,
// null values left out.
json result_of(const json& object, const Command& command) {
  json result = json::object();
  for (const auto& [key, value] : object.items()) {
    if (value.is_string()) {
      result[key] = value;
    } else if (value.is_number() || value.is_boolean()) {
      result[key] = value.dump();
    } else if (!value.is_null()) {  // null: no entry
      throw sdk::Error(describe(command) + " printed " +
                       (value.is_array() ? "an array" : "an object") + " for \"" + key +
                       "\": result is a map of strings; print nested values as JSON text");
    }
  }
  return result;
}

json read(const json& config) {
  const Command command = command_from(config, "data source", json::array());
  Invocation invocation;
  if (config.value("input", json()).is_object()) invocation.input = config["input"];
  const Outcome outcome = run(command, invocation);
  if (outcome.out_truncated) {
    throw sdk::Error(describe(command) + " printed more than " +
                     std::to_string(kStdoutLimit / 1024) + " KiB on stdout");
  }
  auto object = parse_object(outcome.out);
  if (!object) {
    throw sdk::Error(describe(command) +
                     " must print a JSON object on stdout, such as {\"key\": \"value\"}; " +
                     excerpt(outcome.out));
  }
  json state = config;
  state["result"] = result_of(*object, command);
  return state;
}

}  // namespace

sdk::DataSource command_data_source() {
  sdk::DataSource source;
  source.schema.description =
      "Runs a command when the configuration is planned and reads the JSON object it prints.";
  source.schema.attributes = command_attributes();
  source.schema.attributes.push_back(
      {.name = "input",
       .type = "map(string)",
       .optional = true,
       .description = "Given to the command as INPUT_<KEY> variables and as a JSON object on "
                      "stdin."});
  source.schema.attributes.push_back(
      {.name = "result",
       .type = "map(string)",
       .computed = true,
       .description = "The JSON object the command printed on stdout; numbers and booleans "
                      "become their JSON text."});
  source.read = read;
  return source;
}

}  // namespace infra::providers::exec
