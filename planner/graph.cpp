// Building the configuration graph from references, and the errors for bad references.
#include "planner/graph.hpp"

#include <algorithm>
#include <set>

namespace infra::planner {
namespace {

// Roots that name something other than a managed resource.
bool is_builtin_root(const std::string& root) {
  return root == "var" || root == "local" || root == "path" || root == "count" ||
         root == "each" || root == "self" || root == "data" || root == "module" ||
         root == "terraform" || root == "infra";
}

std::string node_label(const GraphNode& n) {
  switch (n.kind) {
    case GraphNode::Kind::Variable:
      return "variable \"" + n.address.substr(4) + "\"";
    case GraphNode::Kind::Local:
      return n.address;
    case GraphNode::Kind::Output:
      return "output \"" + n.address.substr(7) + "\"";
    case GraphNode::Kind::Resource:
      break;
  }
  return n.address;
}

class Builder {
 public:
  Builder(const lang::Module& m, lang::Diagnostics& d) : module_(m), diags_(d) {}

  ConfigGraph build() {
    for (std::size_t i = 0; i < module_.variables.size(); ++i) {
      const auto& v = module_.variables[i];
      add(GraphNode::Kind::Variable, i, "var." + v.name, v.range);
    }
    for (std::size_t i = 0; i < module_.locals.size(); ++i) {
      const auto& l = module_.locals[i];
      add(GraphNode::Kind::Local, i, "local." + l.name, l.range);
    }
    for (std::size_t i = 0; i < module_.resources.size(); ++i) {
      const auto& r = module_.resources[i];
      add(GraphNode::Kind::Resource, i, r.address(), r.range);
    }
    for (std::size_t i = 0; i < module_.outputs.size(); ++i) {
      const auto& o = module_.outputs[i];
      add(GraphNode::Kind::Output, i, "output." + o.name, o.range);
    }
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) link(i);
    check_cycles();
    return std::move(graph_);
  }

 private:
  void add(GraphNode::Kind kind, std::size_t index, std::string address, lang::SourceRange r) {
    graph_.by_address.emplace(address, graph_.nodes.size());
    graph_.nodes.push_back({kind, index, std::move(address), std::move(r)});
    graph_.dag.add_node();
  }

  void link(std::size_t i) {
    const GraphNode& n = graph_.nodes[i];
    std::vector<lang::Reference> refs;
    switch (n.kind) {
      case GraphNode::Kind::Variable: {
        const auto& v = module_.variables[n.index];
        if (v.default_value) {
          for (const auto& r : lang::references(*v.default_value)) {
            diags_.error(r.range, "Variables not allowed",
                         "The default value of variable \"" + v.name +
                             "\" must be a constant; it cannot refer to \"" + join(r.parts) +
                             "\".");
          }
        }
        return;
      }
      case GraphNode::Kind::Local:
        refs = lang::references(*module_.locals[n.index].value);
        break;
      case GraphNode::Kind::Resource: {
        const auto& r = module_.resources[n.index];
        refs = lang::references(*r.body);
        if (r.count) append(refs, lang::references(*r.count));
        if (r.for_each) append(refs, lang::references(*r.for_each));
        append(refs, r.depends_on);
        break;
      }
      case GraphNode::Kind::Output:
        refs = lang::references(*module_.outputs[n.index].value);
        break;
    }
    std::set<std::size_t> seen;
    for (const auto& ref : refs) {
      auto target = resolve(ref);
      if (target && *target != i && seen.insert(*target).second) {
        graph_.dag.add_edge(i, *target);
      } else if (target && *target == i) {
        diags_.error(ref.range, "Self-referential " + node_label(n),
                     "\"" + n.address + "\" cannot refer to itself.");
      }
    }
  }

  std::optional<std::size_t> resolve(const lang::Reference& ref) {
    if (ref.parts.empty()) return std::nullopt;
    const std::string& root = ref.parts[0];
    if (ref.parts.size() < 2) {
      if (!is_builtin_root(root)) {
        diags_.error(ref.range, "Invalid reference",
                     "A reference to a resource type must be followed by at least one "
                     "attribute access, specifying the resource name.");
      }
      return std::nullopt;
    }
    const std::string& name = ref.parts[1];
    if (root == "var") return find("var." + name, ref, "input variable", "variable \"" + name + "\"");
    if (root == "local") return find("local." + name, ref, "local value", "local \"" + name + "\"");
    if (root == "path") {
      if (name == "module" || name == "root" || name == "cwd") return std::nullopt;
      diags_.error(ref.range, "Invalid \"path\" attribute",
                   "The \"path\" object has the attributes \"module\", \"root\" and \"cwd\"; "
                   "there is no \"" + name + "\".");
      return std::nullopt;
    }
    if (root == "data" || root == "module" || root == "count" || root == "each" ||
        root == "self" || root == "terraform" || root == "infra") {
      diags_.error(ref.range, "Unsupported reference",
                   "References to \"" + root + ".*\" are not supported by this version of Infra.");
      return std::nullopt;
    }
    return find(root + "." + name, ref, "resource",
                "resource \"" + root + "\" \"" + name + "\"");
  }

  std::optional<std::size_t> find(const std::string& address, const lang::Reference& ref,
                                  const std::string& what, const std::string& decl) {
    auto it = graph_.by_address.find(address);
    if (it != graph_.by_address.end()) return it->second;
    diags_.error(ref.range, "Reference to undeclared " + what,
                 "A " + what + " named \"" + address + "\" has not been declared; add a " +
                     decl + " block or correct the reference.");
    return std::nullopt;
  }

  void check_cycles() {
    auto cycle = find_cycle(graph_.dag);
    if (cycle.empty()) return;
    std::string detail = "The dependencies form a cycle:";
    for (std::size_t i : cycle) {
      const auto& n = graph_.nodes[i];
      detail += "\n  " + n.address + " (" + lang::location(n.range) + ")";
    }
    detail += "\n  -> back to " + graph_.nodes[cycle.front()].address;
    std::string names;
    for (std::size_t i : cycle) names += (names.empty() ? "" : ", ") + graph_.nodes[i].address;
    diags_.error(graph_.nodes[cycle.front()].range, "Cycle: " + names, detail);
  }

  static void append(std::vector<lang::Reference>& to, const std::vector<lang::Reference>& from) {
    to.insert(to.end(), from.begin(), from.end());
  }
  static std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : ".") + p;
    return s;
  }

  const lang::Module& module_;
  lang::Diagnostics& diags_;
  ConfigGraph graph_;
};

}  // namespace

std::vector<std::string> ConfigGraph::resource_dependencies(std::size_t i) const {
  std::set<std::string> out;
  std::vector<std::size_t> todo(dag.deps[i].begin(), dag.deps[i].end());
  std::vector<bool> seen(nodes.size(), false);
  while (!todo.empty()) {
    std::size_t n = todo.back();
    todo.pop_back();
    if (seen[n]) continue;
    seen[n] = true;
    if (nodes[n].kind == GraphNode::Kind::Resource) {
      out.insert(nodes[n].address);
    } else {
      todo.insert(todo.end(), dag.deps[n].begin(), dag.deps[n].end());
    }
  }
  return {out.begin(), out.end()};
}

ConfigGraph build_graph(const lang::Module& module, lang::Diagnostics& diags) {
  return Builder(module, diags).build();
}

}  // namespace infra::planner
