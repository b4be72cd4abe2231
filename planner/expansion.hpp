// count and for_each: the instances of a resource, data source or module block, and the
// scope that answers count.index, each.key and each.value in one of them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "planner/address.hpp"

namespace infra::planner {

/// One instance of a block: its key and, with for_each, each.value.
struct Instance {
  InstanceKey key;
  lang::Value each_value;
};

/// How a block is repeated.
enum class Repetition { None, Count, ForEach };

inline Repetition repetition_of(const lang::ExprPtr& count, const lang::ExprPtr& for_each) {
  return count ? Repetition::Count : for_each ? Repetition::ForEach : Repetition::None;
}

/// Evaluates `count` or `for_each` (at most one is set) of the block `what` (like
/// `resource "local_file" "a"`) in `scope`: the instances, sorted by key, or nullopt after
/// an error. Both must be known: a value that depends on what apply will create is an
/// error that says so — unless `deferred` is given: then it is set to true instead, and
/// nothing is reported. for_each takes a map (or object), or a set (a list) of strings.
std::optional<std::vector<Instance>> expand(const lang::ExprPtr& count,
                                            const lang::ExprPtr& for_each,
                                            const std::string& what, const lang::Scope& scope,
                                            const lang::FunctionTable& functions,
                                            lang::Diagnostics& diags, bool* deferred = nullptr);

/// count.index, each.key and each.value of one instance, over an outer scope.
class InstanceScope : public lang::Scope {
 public:
  InstanceScope(const lang::Scope& outer, const Instance& instance)
      : outer_(outer), instance_(instance) {}
  std::optional<lang::Value> resolve(std::string_view root, std::string_view name,
                                     const lang::SourceRange& where,
                                     lang::Diagnostics& diags) const override;

 private:
  const lang::Scope& outer_;
  const Instance& instance_;
};

/// What a reference to a repeated block gives: the value of its one instance, a list of
/// them by index (count) or an object of them by key (for_each). `values` are sorted by key.
lang::Value collect_instances(Repetition repetition,
                              const std::vector<std::pair<InstanceKey, lang::Value>>& values);

}  // namespace infra::planner
