// Calls of user-defined functions (lang/functions.hpp). The evaluator evaluates a
// function's result itself, in a child evaluator whose only names are the parameters:
// errors inside keep their place in the function, and the depth of calls is bounded.
//
// Decisions, documented in docs/language.md:
//   - an unknown argument is bound as it is: the result is unknown only where it depends
//     on it;
//   - a sensitive argument marks the whole result sensitive, as for the built-ins (the
//     result could reveal it in its shape, like length() does);
//   - the branch of a conditional that is evaluated for its type only does not call a
//     user-defined function: the call is unknown there, for that branch is usually the
//     recursive one, guarded by the very condition that is false.
#include <cstdint>

#include "lang/eval_ops.hpp"
#include "lang/evaluator.hpp"
#include "lang/functions.hpp"
#include "lang/types.hpp"

namespace infra::lang::detail {
namespace {

// What a function's result sees besides its parameters: nothing. The loader reports such
// references already (lang/functions.cpp); this keeps an unchecked function pure too.
class PureScope final : public Scope {
 public:
  explicit PureScope(const Function& f) : f_(f) {}
  std::optional<Value> resolve(std::string_view root, std::string_view name,
                               const SourceRange& where, Diagnostics& diags) const override {
    diags.error(where,
                "Functions are pure: function \"" + f_.name + "\" cannot refer to " +
                    std::string(root) + "." + std::string(name),
                "A function's result may use only its parameters, the built-in functions "
                "and other functions; pass what it needs as an argument.");
    return std::nullopt;
  }

 private:
  const Function& f_;
};

// ", got "x"" for a value that did not convert, when the value may be shown.
std::string got(const Value& v) {
  if (v.contains_sensitive() || !v.is_wholly_known()) return "";
  if (v.kind() == Value::Kind::List || v.kind() == Value::Kind::Object) {
    return ", got " + ops::article(v.type_name());
  }
  return ", got " + to_display(v);
}

// The conversion's message, with what was given when the value itself is the problem.
std::string conversion_error(const Conversion& c, const Value& given) {
  return c.error() + (c.path.empty() ? got(given) : "");
}

// Bytes of stack between two frames, whichever way the stack grows.
std::uintptr_t distance(const char* a, const char* b) {
  const auto x = reinterpret_cast<std::uintptr_t>(a), y = reinterpret_cast<std::uintptr_t>(b);
  return x > y ? x - y : y - x;
}

// The stack that nested calls may use below the outermost one. A result's expression can
// nest 256 levels deep itself (lang/ast_builder.cpp), so kMaxCallDepth alone does not bound
// the stack; this does, inside the 4 MiB of a TBB worker thread. A call of a small
// recursive function takes about 3 KiB of stack (11 KiB in a Debug build with
// AddressSanitizer), so kMaxCallDepth such calls fit in it in every build.
constexpr std::uintptr_t kStackBudget = 2 << 20;

// The calls of user-defined functions in progress on this thread, across evaluations: a
// template that a call renders (templatefile) is another evaluation, whose own calls nest
// below those and within the same limits.
struct CallsInProgress {
  int depth = 0;
  const char* stack_base = nullptr;
};
thread_local CallsInProgress t_calls;

/// Sets t_calls for the lifetime of the object, and restores it after.
class EnterCall {
 public:
  EnterCall(int depth, const char* stack_base) : saved_(t_calls) { t_calls = {depth, stack_base}; }
  ~EnterCall() { t_calls = saved_; }
  EnterCall(const EnterCall&) = delete;
  EnterCall& operator=(const EnterCall&) = delete;

 private:
  CallsInProgress saved_;
};

}  // namespace

Result Evaluator::call_declared(const Function& f, const FunctionCall& c, const Expr& e,
                                const std::vector<Value>& args) {
  const auto invalid = [&] { return "Invalid call to function \"" + f.name + "\": "; };
  if (const std::string error = f.arity_error(args.size()); !error.empty()) {
    diags_->error(e.range, invalid() + error);
    return std::nullopt;
  }
  if (!f.result) {
    diags_->error(e.range, invalid() + "it has no result",
                  "Function \"" + f.name + "\", declared at " + location(f.range) +
                      ", needs a \"result\".");
    return std::nullopt;
  }
  if (type_only_) return Value::unknown();
  // An evaluation that a call started (a template's) continues that call's count.
  const int depth = call_depth_ > 0 ? call_depth_ : t_calls.depth;
  const char* const base = stack_base_ != nullptr ? stack_base_ : t_calls.stack_base;
  if (depth >= kMaxCallDepth) {
    diags_->error(e.range,
                  invalid() + "calls nest deeper than " + std::to_string(kMaxCallDepth) + " levels",
                  "Functions may call themselves and each other, but at most " +
                      std::to_string(kMaxCallDepth) +
                      " calls deep. Does the recursion reach a case that does not call again?");
    return std::nullopt;
  }
  const char* frame = static_cast<const char*>(__builtin_frame_address(0));
  if (base != nullptr && distance(base, frame) > kStackBudget) {
    diags_->error(e.range, invalid() + "the calls and the expressions in them nest too deeply",
                  "The results of the functions called, one inside the other, nest too deeply "
                  "to be evaluated; fewer nested calls or flatter results would be.");
    return std::nullopt;
  }

  Value::List converted;
  bool ok = true, sensitive = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool rest = i >= f.parameters.size();
    const Parameter& p = rest ? *f.variadic : f.parameters[i];
    const std::string label =
        rest ? p.name + "[" + std::to_string(i - f.parameters.size()) + "]" : p.name;
    sensitive = sensitive || args[i].contains_sensitive();
    Conversion conv = convert(args[i], p.type ? *p.type : Type::any());
    if (conv.ok()) {
      converted.push_back(std::move(conv.value));
      continue;
    }
    ok = false;
    // An argument expanded from a list with `...` has no expression of its own.
    const bool own = i < c.args.size() && !(c.expand_final && i + 1 >= c.args.size());
    diags_->error(own ? c.args[i]->range : e.range,
                  invalid() + f.name + ": argument \"" + label + "\": " +
                      conversion_error(conv, args[i]));
  }
  if (!ok) return std::nullopt;

  // Errors inside the outermost call are told where it was called from.
  Diagnostics inside;
  PureScope pure(f);
  Evaluator child(pure, functions_, call_depth_ == 0 ? inside : *diags_);
  child.call_depth_ = depth + 1;
  child.stack_base_ = base != nullptr ? base : frame;
  const EnterCall entered(child.call_depth_, child.stack_base_);
  Result r = child.evaluate_declared(f, converted);
  for (Diagnostic d : inside.items()) {
    d.detail += (d.detail.empty() ? "" : "\n\n") + std::string("In the call of function \"") +
                f.name + "\" at " + location(e.range) + ".";
    diags_->add(std::move(d));
  }
  if (!r) return std::nullopt;
  return std::move(*r).marked_sensitive(sensitive);
}

Result Evaluator::evaluate_declared(const Function& f, const Value::List& args) {
  const std::size_t fixed = f.parameters.size();
  for (std::size_t i = 0; i < fixed; ++i) bind(f.parameters[i].name, args[i]);
  if (f.variadic) {
    bind(f.variadic->name, Value::list(Value::List(args.begin() + fixed, args.end())));
  }
  Result r = eval(*f.result);
  if (!r || !f.result_type) return r;
  Conversion conv = convert(*r, *f.result_type);
  if (conv.ok()) return std::move(conv.value);
  diags_->error(f.result->range,
                "Invalid result of function \"" + f.name + "\": " + conversion_error(conv, *r),
                "The function declares result_type = " + to_string(*f.result_type) + ".");
  return std::nullopt;
}

}  // namespace infra::lang::detail
