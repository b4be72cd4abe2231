// The Registry: gathers the groups, checks argument counts, carries the marks.
#include "stdlib/registry.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

bool is_optional(std::string_view param) { return param.ends_with("?"); }
bool is_variadic(std::string_view param) { return param.ends_with("..."); }

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string arity_message(const Function& f, std::size_t got) {
  std::string expects;
  const std::size_t lo = f.min_args(), hi = f.max_args();
  if (hi == SIZE_MAX) {
    expects = "at least " + plural(lo, "argument");
  } else if (lo == hi) {
    expects = plural(lo, "argument");
  } else {
    expects = std::to_string(lo) + " to " + plural(hi, "argument");
  }
  return std::string(f.name) + ": expects " + expects + ", got " + std::to_string(got) +
         "; usage: " + f.signature();
}

}  // namespace

std::size_t Function::min_args() const {
  return static_cast<std::size_t>(std::count_if(params.begin(), params.end(), [](auto p) {
    return !is_optional(p) && !is_variadic(p);
  }));
}

std::size_t Function::max_args() const {
  if (!params.empty() && is_variadic(params.back())) return SIZE_MAX;
  return params.size();
}

std::string Function::signature() const {
  std::string out = std::string(name) + "(";
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += ", ";
    std::string_view p = params[i];
    if (is_optional(p)) {
      out += "[" + std::string(p.substr(0, p.size() - 1)) + "]";
    } else {
      out += p;
    }
  }
  return out + ")";
}

const Registry& Registry::builtin() {
  static const Registry registry;
  return registry;
}

Registry::Registry() {
  // The docs list the groups in this order.
  add_group("Strings", {string_functions(), regex_functions(), template_functions()});
  add_group("Collections", {collection_functions(), list_functions(), set_functions()});
  add_group("Encoding", {encoding_functions(), text_encoding_functions(), yaml_functions()});
  add_group("Files", {file_functions()});
  add_group("Hashing", {hashing_functions(), crypto_functions()});
  add_group("Network", {network_functions()});
  add_group("Numbers and conversions", {numeric_functions()});
  add_group("Time", {time_functions()});
  add_group("Types and sensitivity", {type_functions()});
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    if (!by_name_.emplace(functions_[i].name, i).second) {
      throw std::logic_error("stdlib: function registered twice: " +
                             std::string(functions_[i].name));
    }
  }
}

void Registry::add_group(std::string_view heading, std::vector<std::vector<Function>> parts) {
  std::vector<Function> functions;
  for (auto& part : parts) functions.insert(functions.end(), part.begin(), part.end());
  std::sort(functions.begin(), functions.end(),
            [](const Function& a, const Function& b) { return a.name < b.name; });
  for (Function& f : functions) {
    f.group = heading;
    functions_.push_back(std::move(f));
  }
}

const Function* Registry::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &functions_[it->second];
}

Context Context::process_default() {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  return Context{.module_dir = cwd,
                 .root_dir = cwd,
                 .planning = false,
                 .plan_timestamp = std::chrono::system_clock::now()};
}

std::optional<Value> Registry::call(std::string_view name, const std::vector<Value>& args,
                                    std::string& error) const {
  return call_in(name, args, error, nullptr, nullptr);
}

std::optional<Value> Registry::call_for(std::string_view name, const std::vector<Value>& args,
                                        std::string& error,
                                        const lang::FunctionTable& caller) const {
  return call_in(name, args, error, nullptr, &caller);
}

std::optional<Value> Registry::call(std::string_view name, const std::vector<Value>& args,
                                    std::string& error, const Context& context,
                                    const lang::FunctionTable* caller) const {
  return call_in(name, args, error, &context, caller);
}

std::optional<Value> Registry::call_in(std::string_view name, const std::vector<Value>& args,
                                       std::string& error, const Context* context,
                                       const lang::FunctionTable* caller) const {
  const Function* f = find(name);
  if (f == nullptr) return std::nullopt;
  if (args.size() < f->min_args() || args.size() > f->max_args()) {
    error = arity_message(*f, args.size());
    return Value::null();
  }

  if (f->handles_marks) {
    std::string message;
    Args raw(f->name, args, message, context, caller);
    Value result = f->impl(raw);
    if (!message.empty()) {
      error = std::move(message);
      return Value::null();
    }
    return result;
  }

  bool sensitive = false;
  bool known = true;
  for (const Value& a : args) {
    sensitive = sensitive || a.contains_sensitive();
    known = known && a.is_wholly_known();
  }
  // The evaluator short-circuits unknown arguments; this keeps the functions safe anyway.
  if (!known) return Value::unknown().marked_sensitive(sensitive);
  if (f->impure && context != nullptr && context->planning) return Value::unknown().marked_sensitive(sensitive);

  std::string message;
  Args checked(f->name, args, message, context, caller);
  Value result = f->impl(checked);
  if (!message.empty()) {
    error = std::move(message);
    return Value::null();
  }
  return std::move(result).marked_sensitive(sensitive);
}

}  // namespace infra::stdlib
