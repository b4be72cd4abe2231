// The values behind `infra console`.
#include "planner/console.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "lang/parser.hpp"
#include "planner/address.hpp"
#include "planner/dag.hpp"
#include "planner/expansion.hpp"
#include "planner/graph.hpp"
#include "planner/planner.hpp"

namespace infra::planner {

Console::Console(const lang::Module& module, const state::Snapshot& snapshot,
                 const std::vector<VariableInput>& inputs, const std::string& workspace,
                 lang::Diagnostics& diags)
    : values_(std::make_unique<ModuleValues>()) {
  values_->set_workspace(workspace);
  values_->set_paths(module.dir.string(), module.dir.string(),
                     std::filesystem::current_path().string());
  values_->set_function_context(module, /*planning=*/false, std::chrono::system_clock::now());
  // Evaluation would report again the calls that check_functions rejects.
  if (!check_functions(module, diags)) return;
  for (const auto& [name, v] : resolve_variables(module, inputs, diags)) values_->set_variable(name, v);
  // The root module's instances, by resource: one object, or a list or an object of them
  // for a resource with count or for_each.
  std::map<std::string, std::vector<std::pair<InstanceKey, lang::Value>>> by_resource;
  for (const auto& inst : snapshot.instances) {
    auto address = parse_instance_address(inst.address);
    if (!address || !address->modules.empty()) continue;
    by_resource[address->resource()].emplace_back(address->key, instance_value(inst));
  }
  for (auto& [resource, instances] : by_resource) {
    std::sort(instances.begin(), instances.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const InstanceKey::Kind kind = instances.front().first.kind;
    const Repetition repetition = kind == InstanceKey::Kind::Index  ? Repetition::Count
                                  : kind == InstanceKey::Kind::Name ? Repetition::ForEach
                                                                    : Repetition::None;
    values_->set_resource(resource, collect_instances(repetition, instances));
  }
  // Locals in dependency order; one that fails is left out and reported.
  ConfigGraph graph = build_graph(module, diags);
  if (diags.has_errors()) return;
  ModuleScope scope(*values_);
  for (const auto& level : levels(graph.dag)) {
    for (std::size_t i : level) {
      const GraphNode& node = graph.nodes[i];
      if (node.kind != GraphNode::Kind::Local) continue;
      const auto& local = module.locals[node.index];
      lang::Diagnostics local_diags;
      lang::Value v = lang::evaluate(*local.value, scope, &values_->functions(), local_diags);
      diags.append(local_diags);
      if (!local_diags.has_errors()) values_->set_local(local.name, v);
    }
  }
}

Console::~Console() = default;

lang::Value Console::evaluate(const std::string& source_name, const std::string& text,
                              lang::SourceFiles& files, lang::Diagnostics& diags) const {
  files[source_name] = text;
  lang::ExprPtr expr = lang::parse_expression(source_name, files[source_name], diags);
  if (!expr) return lang::Value::null();
  ModuleScope scope(*values_);
  return lang::evaluate(*expr, scope, &values_->functions(), diags);
}

}  // namespace infra::planner
