// -target and -exclude: the part of the configuration a plan covers. A target takes what
// it names and everything that it depends on; an exclude leaves out what it names and
// everything that depends on it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/diagnostics.hpp"
#include "planner/address.hpp"
#include "planner/module_graph.hpp"

namespace infra::planner {

class Selection {
 public:
  /// Everything: a plan without -target or -exclude.
  Selection() = default;

  /// The selection of `targets` (or, without targets, everything but `excludes`), as
  /// resource or module addresses with optional keys. Addresses that do not parse, or
  /// that name nothing in the configuration, are errors. nullopt after an error.
  static std::optional<Selection> make(const ModuleGraph& graph,
                                       const std::vector<std::string>& targets,
                                       const std::vector<std::string>& excludes,
                                       lang::Diagnostics& diags);

  /// Whether the plan leaves things out.
  bool partial() const { return !nodes_.empty(); }
  /// Whether node `id` of the graph is planned.
  bool node(std::size_t id) const { return nodes_.empty() || nodes_[id] != Cover::Out; }
  /// Whether the instance `address` of node `id` (a resource) is planned.
  bool instance(std::size_t id, const std::string& address) const;
  /// Whether an instance the configuration no longer has may be destroyed.
  bool orphan(const std::string& address) const;

 private:
  enum class Cover { Out, Whole, Targeted, Excluded };  // the last two: by instance key
  std::vector<ObjectAddress> targets_;
  std::vector<ObjectAddress> excludes_;
  std::vector<Cover> nodes_;  // by node id; empty: everything
};

}  // namespace infra::planner
