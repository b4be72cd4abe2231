// The graph of the module tree: see planner/module_graph.hpp.
#include "planner/module_graph.hpp"

#include <algorithm>
#include <set>

#include "planner/address.hpp"

namespace infra::planner {
namespace {

class TreeBuilder {
 public:
  TreeBuilder(const lang::Module& root, lang::Diagnostics& diags) : diags_(diags) {
    add_module(root, "", std::nullopt, 0);
  }

  ModuleGraph build() {
    for (std::size_t m = 0; m < g_.modules.size(); ++m) link_module(m);
    link_imports();
    if (!diags_.has_errors()) check_cycles();
    find_walk_providers();
    return std::move(g_);
  }

 private:
  void add_module(const lang::Module& config, std::string path, std::optional<std::size_t> parent,
                  std::size_t call) {
    const std::size_t m = g_.modules.size();
    g_.modules.push_back({});
    {
      TreeModule& t = g_.modules[m];
      t.path = std::move(path);
      t.config = &config;
      t.parent = parent;
      t.call = call;
      // A directory called from several places is checked once.
      lang::Diagnostics repeat;
      t.graph = build_graph(config, checked_.insert(&config).second ? diags_ : repeat);
      t.offset = g_.nodes.size();
      for (std::size_t i = 0; i < t.graph.nodes.size(); ++i) {
        g_.nodes.push_back({m, i});
        g_.dag.add_node();
      }
      for (std::size_t i = 0; i < t.graph.nodes.size(); ++i) {
        for (std::size_t d : t.graph.dag.deps[i]) g_.dag.add_edge(t.offset + i, t.offset + d);
      }
    }
    for (std::size_t c = 0; c < config.module_calls.size(); ++c) {
      const lang::ModuleCall& mc = config.module_calls[c];
      if (!mc.module) continue;  // not loaded: reported by the loader
      const std::string child_path = join("module." + mc.name, m);
      g_.modules[m].children[mc.name] = g_.modules.size();
      add_module(*mc.module, child_path, m, c);
    }
  }

  std::string join(const std::string& step, std::size_t parent) const {
    const std::string& p = g_.modules[parent].path;
    return p.empty() ? step : p + "." + step;
  }

  void link_module(std::size_t m) {
    const TreeModule& t = g_.modules[m];
    if (t.parent) {
      // Everything in a called module waits for its module block.
      const TreeModule& parent = g_.modules[*t.parent];
      const auto& call = parent.config->module_calls[t.call];
      const std::size_t call_node = parent.offset + parent.graph.by_address.at("module." + call.name);
      for (std::size_t i = 0; i < t.graph.nodes.size(); ++i) g_.dag.add_edge(t.offset + i, call_node);
      check_provider_passing(parent, call, *t.config);
      // ... and for the root's provider block it uses, passed or inherited.
      const TreeModule& root = g_.modules[0];
      for (std::size_t i = 0; i < t.graph.nodes.size(); ++i) {
        const GraphNode& n = t.graph.nodes[i];
        if (n.kind != GraphNode::Kind::Resource && n.kind != GraphNode::Kind::DataSource) continue;
        const lang::Resource& r = n.kind == GraphNode::Kind::Resource
                                      ? t.config->resources[n.index]
                                      : t.config->data_sources[n.index];
        auto key = root_provider_key(m, r.provider_key());
        if (!key) continue;
        auto p = root.graph.by_address.find(provider_node_address(*key));
        if (p != root.graph.by_address.end()) g_.dag.add_edge(t.offset + i, root.offset + p->second);
      }
    }
    std::set<std::pair<std::size_t, std::size_t>> seen;
    for (const ModuleReference& ref : t.graph.module_references) {
      auto child = t.children.find(ref.call);
      if (child == t.children.end()) continue;  // the module did not load
      const std::size_t from = t.offset + ref.from;
      const TreeModule& c = g_.modules[child->second];
      std::vector<std::size_t> targets;
      if (ref.depends_on) {
        for (std::size_t d : descendants(child->second)) {
          for (std::size_t i = 0; i < g_.modules[d].graph.nodes.size(); ++i) {
            targets.push_back(g_.modules[d].offset + i);
          }
        }
      } else if (!ref.output.empty()) {
        auto out = c.graph.by_address.find("output." + ref.output);
        if (out == c.graph.by_address.end()) {
          diags_.error(ref.range, "Reference to undeclared output value",
                       "module \"" + ref.call + "\" (" + c.config->dir.string() + ") has no "
                       "output \"" + ref.output + "\"" + outputs_of(*c.config) + ".");
          continue;
        }
        targets.push_back(c.offset + out->second);
      } else {
        for (std::size_t i = 0; i < c.graph.nodes.size(); ++i) {
          if (c.graph.nodes[i].kind == GraphNode::Kind::Output) targets.push_back(c.offset + i);
        }
      }
      for (std::size_t to : targets) {
        if (seen.insert({from, to}).second) g_.dag.add_edge(from, to);
      }
    }
  }

  /// The target of each import block waits for what the block refers to. Import blocks
  /// belong in the root module, and their targets must be configured.
  void link_imports() {
    for (std::size_t m = 1; m < g_.modules.size(); ++m) {
      if (!import_reported_.insert(g_.modules[m].config).second) continue;
      for (const auto& im : g_.modules[m].config->imports) {
        diags_.error(im.range, "Import block in a called module",
                     "Import blocks belong in the root module; write the target with its "
                     "module path there, like to = " + g_.modules[m].path + "." + im.to + ".");
      }
    }
    const TreeModule& root = g_.modules[0];
    for (std::size_t i = 0; i < root.config->imports.size(); ++i) {
      const lang::Import& im = root.config->imports[i];
      auto target = import_target(im);
      if (!target) continue;
      for (std::size_t d : root.graph.import_dependencies[i]) g_.dag.add_edge(*target, root.offset + d);
    }
  }

  /// The node of the resource an import block adopts into; an error when the configuration
  /// has none.
  std::optional<std::size_t> import_target(const lang::Import& im) {
    std::size_t m = 0;
    std::string resource = im.to;
    auto parsed = parse_object_address(im.to);
    if (parsed) {
      for (const auto& step : parsed->modules) {
        auto it = g_.modules[m].children.find(step.first);
        if (it == g_.modules[m].children.end()) {
          m = g_.modules.size();
          break;
        }
        m = it->second;
      }
      resource = parsed->type + "." + parsed->name;
    }
    auto id = m < g_.modules.size() ? g_.find(m, resource) : std::nullopt;
    if (!id || g_.node(*id).kind != GraphNode::Kind::Resource) {
      diags_.error(im.to_range, "Configuration for import target does not exist",
                   "There is no resource block for " + im.to + "; an import block adopts an "
                   "object into a resource of the configuration. Add the resource block, or "
                   "let Infra write it: infra plan -generate-config-out=generated.infra.");
      return std::nullopt;
    }
    return id;
  }

  /// The root module's key of the configuration that module `m` calls `key`: passed down
  /// by each module block's `providers`, or a default configuration inherited. nullopt
  /// for an aliased one that is not passed (check_provider_passing reports it).
  std::optional<std::string> root_provider_key(std::size_t m, std::string key) const {
    while (g_.modules[m].parent) {
      const TreeModule& t = g_.modules[m];
      const auto& call = g_.modules[*t.parent].config->module_calls[t.call];
      bool passed = false;
      for (const auto& [inner, outer] : call.providers) {
        if (inner.key() != key) continue;
        key = outer.key();
        passed = true;
        break;
      }
      if (!passed && key.find('.') != std::string::npos) return std::nullopt;
      m = *t.parent;
    }
    return key;
  }

  static std::string outputs_of(const lang::Module& m) {
    std::string names;
    for (const auto& o : m.outputs) names += (names.empty() ? "" : ", ") + o.name;
    return names.empty() ? "; it declares none" : "; its outputs are: " + names;
  }

  /// Module `m` and every module below it.
  std::vector<std::size_t> descendants(std::size_t m) const {
    std::vector<std::size_t> out{m};
    for (std::size_t i = 0; i < out.size(); ++i) {
      for (const auto& [name, c] : g_.modules[out[i]].children) out.push_back(c);
    }
    return out;
  }

  /// An aliased configuration that a called module's resources use must be passed in the
  /// module block's `providers`; default configurations are inherited.
  void check_provider_passing(const TreeModule& parent, const lang::ModuleCall& call,
                              const lang::Module& child) {
    if (!reported_.insert({&call, &child}).second) return;
    (void)parent;
    std::set<std::string> passed;
    for (const auto& [inner, outer] : call.providers) passed.insert(inner.key());
    for (const auto* list : {&child.resources, &child.data_sources}) {
      for (const auto& r : *list) {
        if (r.provider_alias.empty() || passed.count(r.provider_key())) continue;
        diags_.error(r.provider_range, "Provider configuration not passed to the module",
                     r.address() + " uses provider \"" + r.provider_key() + "\", but module \"" +
                         call.name + "\" is called without it: add providers = { " +
                         r.provider_key() + " = ... } to its module block (" +
                         lang::location(call.range) + ").");
      }
    }
  }

  void check_cycles() {
    auto cycle = find_cycle(g_.dag);
    if (cycle.empty()) return;
    std::string detail = "The dependencies form a cycle across modules:";
    std::string names;
    for (std::size_t i : cycle) {
      detail += "\n  " + g_.address(i) + " (" + lang::location(g_.node(i).range) + ")";
      names += (names.empty() ? "" : ", ") + g_.address(i);
    }
    detail += "\n  -> back to " + g_.address(cycle.front());
    diags_.error(g_.node(cycle.front()).range, "Cycle: " + names, detail);
  }

  /// The root's provider blocks that depend on more than variables and locals.
  void find_walk_providers() {
    const TreeModule& root = g_.modules[0];
    for (std::size_t i = 0; i < root.graph.nodes.size(); ++i) {
      const GraphNode& n = root.graph.nodes[i];
      if (n.kind != GraphNode::Kind::Provider) continue;
      std::vector<std::size_t> pending(g_.dag.deps[root.offset + i].begin(),
                                       g_.dag.deps[root.offset + i].end());
      std::set<std::size_t> seen;
      while (!pending.empty()) {
        const std::size_t d = pending.back();
        pending.pop_back();
        if (!seen.insert(d).second) continue;
        const auto kind = g_.node(d).kind;
        if (kind != GraphNode::Kind::Variable && kind != GraphNode::Kind::Local) {
          g_.walk_providers.emplace(root.config->providers[n.index].key(), root.offset + i);
          break;
        }
        pending.insert(pending.end(), g_.dag.deps[d].begin(), g_.dag.deps[d].end());
      }
    }
  }

  lang::Diagnostics& diags_;
  ModuleGraph g_;
  std::set<const lang::Module*> checked_;
  std::set<std::pair<const lang::ModuleCall*, const lang::Module*>> reported_;
  std::set<const lang::Module*> import_reported_;
};

}  // namespace

std::vector<const lang::Module*> ModuleGraph::configs() const {
  std::vector<const lang::Module*> out;
  for (const auto& t : modules) {
    if (std::find(out.begin(), out.end(), t.config) == out.end()) out.push_back(t.config);
  }
  return out;
}

std::string ModuleGraph::address(std::size_t id) const {
  const std::string& path = modules[nodes[id].module].path;
  const std::string& a = node(id).address;
  return path.empty() ? a : path + "." + a;
}

std::optional<std::size_t> ModuleGraph::find(std::size_t m, const std::string& address) const {
  const TreeModule& t = modules[m];
  auto it = t.graph.by_address.find(address);
  if (it == t.graph.by_address.end()) return std::nullopt;
  return t.offset + it->second;
}

std::vector<std::size_t> ModuleGraph::resource_dependency_ids(std::size_t id) const {
  std::vector<std::size_t> out;
  std::vector<std::size_t> pending(dag.deps[id].begin(), dag.deps[id].end());
  std::set<std::size_t> seen;
  while (!pending.empty()) {
    const std::size_t n = pending.back();
    pending.pop_back();
    if (!seen.insert(n).second) continue;
    if (node(n).kind == GraphNode::Kind::Resource) {
      out.push_back(n);
    } else {
      pending.insert(pending.end(), dag.deps[n].begin(), dag.deps[n].end());
    }
  }
  return out;
}

std::optional<std::size_t> ModuleGraph::resource_of_instance(const std::string& address) const {
  auto parsed = parse_instance_address(address);
  if (!parsed) return std::nullopt;
  std::size_t m = 0;
  for (const auto& step : parsed->modules) {
    auto it = modules[m].children.find(step.first);
    if (it == modules[m].children.end()) return std::nullopt;
    m = it->second;
  }
  return find(m, parsed->resource());
}

std::vector<std::string> ModuleGraph::resource_dependencies(std::size_t id) const {
  std::set<std::string> out;
  for (std::size_t n : resource_dependency_ids(id)) out.insert(address(n));
  return {out.begin(), out.end()};
}

ModuleGraph build_module_graph(const lang::Module& root, lang::Diagnostics& diags) {
  return TreeBuilder(root, diags).build();
}

}  // namespace infra::planner
