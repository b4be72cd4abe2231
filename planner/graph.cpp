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
    case GraphNode::Kind::Provider:
      return "provider \"" + n.address.substr(9) + "\"";
    case GraphNode::Kind::Resource:
    case GraphNode::Kind::DataSource:
    case GraphNode::Kind::ModuleCall:
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
    for (std::size_t i = 0; i < module_.data_sources.size(); ++i) {
      const auto& r = module_.data_sources[i];
      add(GraphNode::Kind::DataSource, i, r.address(), r.range);
    }
    for (std::size_t i = 0; i < module_.module_calls.size(); ++i) {
      const auto& c = module_.module_calls[i];
      add(GraphNode::Kind::ModuleCall, i, "module." + c.name, c.range);
    }
    for (std::size_t i = 0; i < module_.providers.size(); ++i) {
      const auto& p = module_.providers[i];
      // A duplicate block is the loader's error; the first one stands.
      if (graph_.by_address.count(provider_node_address(p.key()))) continue;
      add(GraphNode::Kind::Provider, i, provider_node_address(p.key()), p.range);
    }
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) link(i);
    current_.reset();  // a check's references need no edges
    for (const auto& c : module_.checks) check_references(c);
    for (const auto& im : module_.imports) import_references(im);
    check_cycles();
    return std::move(graph_);
  }

 private:
  void add(GraphNode::Kind kind, std::size_t index, std::string address, lang::SourceRange r) {
    graph_.by_address.emplace(address, graph_.nodes.size());
    graph_.nodes.push_back({kind, index, std::move(address), std::move(r)});
    graph_.dag.add_node();
  }

  /// Where a reference is written: what `count`, `each` and `self` may mean there.
  struct Context {
    bool count = false;     // in a block with count
    bool for_each = false;  // in a block with for_each
    bool self = false;      // in a postcondition
    bool depends_on = false;  // in depends_on
  };

  static void collect(std::vector<std::pair<lang::Reference, Context>>& to,
                      const std::vector<lang::Reference>& refs, Context context) {
    for (const auto& r : refs) to.emplace_back(r, context);
  }
  static void collect(std::vector<std::pair<lang::Reference, Context>>& to,
                      const lang::ExprPtr& e, Context context) {
    if (e) collect(to, lang::references(*e), context);
  }
  static void collect(std::vector<std::pair<lang::Reference, Context>>& to,
                      const std::vector<lang::Condition>& conditions, Context context) {
    for (const auto& c : conditions) {
      collect(to, c.condition, context);
      collect(to, c.error_message, context);
    }
  }
  static void collect_resource(std::vector<std::pair<lang::Reference, Context>>& to,
                               const lang::Resource& r) {
    const Context in_body{r.count != nullptr, r.for_each != nullptr, false};
    collect(to, lang::references(*r.body), in_body);
    collect(to, r.count, {});
    collect(to, r.for_each, {});
    collect(to, r.depends_on, {false, false, false, true});
    collect(to, r.provider_index, in_body);
    collect(to, r.lifecycle.preconditions, in_body);
    collect(to, r.lifecycle.postconditions, {in_body.count, in_body.for_each, true});
    for (const auto& e : r.lifecycle.replace_triggered_by) collect(to, e, in_body);
  }

  void link(std::size_t i) {
    const GraphNode& n = graph_.nodes[i];
    std::vector<std::pair<lang::Reference, Context>> refs;
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
        collect(refs, module_.locals[n.index].value, {});
        break;
      case GraphNode::Kind::Resource:
        collect_resource(refs, module_.resources[n.index]);
        link_provider(i, module_.resources[n.index].provider_key());
        break;
      case GraphNode::Kind::DataSource:
        collect_resource(refs, module_.data_sources[n.index]);
        link_provider(i, module_.data_sources[n.index].provider_key());
        break;
      case GraphNode::Kind::Provider: {
        const auto& p = module_.providers[n.index];
        collect(refs, lang::references(*p.body), {false, p.for_each != nullptr});
        collect(refs, p.for_each, {});
        break;
      }
      case GraphNode::Kind::ModuleCall: {
        const auto& c = module_.module_calls[n.index];
        collect(refs, lang::references(*c.body), {c.count != nullptr, c.for_each != nullptr});
        collect(refs, c.count, {});
        collect(refs, c.for_each, {});
        collect(refs, c.depends_on, {false, false, false, true});
        break;
      }
      case GraphNode::Kind::Output: {
        const auto& o = module_.outputs[n.index];
        collect(refs, o.value, {});
        collect(refs, o.depends_on, {false, false, false, true});
        collect(refs, o.preconditions, {});
        break;
      }
    }
    std::set<std::size_t> seen;
    current_ = i;
    for (const auto& [ref, context] : refs) {
      auto target = resolve(ref, context);
      if (target && *target != i && seen.insert(*target).second) {
        graph_.dag.add_edge(i, *target);
      } else if (target && *target == i) {
        diags_.error(ref.range, "Self-referential " + node_label(n),
                     "\"" + n.address + "\" cannot refer to itself." +
                         (n.kind == GraphNode::Kind::Resource
                              ? " A postcondition can read the resource's own attributes "
                                "as self.ATTRIBUTE."
                              : ""));
      }
    }
  }

  /// A resource or data source is planned after the provider block it uses, when the
  /// module has that block (a called module's come from its caller: module_graph.cpp).
  void link_provider(std::size_t i, const std::string& key) {
    auto it = graph_.by_address.find(provider_node_address(key));
    if (it != graph_.by_address.end()) graph_.dag.add_edge(i, it->second);
  }

  std::optional<std::size_t> resolve(const lang::Reference& ref, Context context) {
    if (ref.parts.empty()) return std::nullopt;
    const std::string& root = ref.parts[0];
    if (root == "self") {
      if (!context.self) {
        diags_.error(ref.range, "Invalid \"self\" reference",
                     "\"self\" refers to the resource being checked, and is allowed only in "
                     "its postcondition blocks.");
      }
      return std::nullopt;
    }
    if (ref.parts.size() < 2) {
      if (root == "count" || root == "each" || root == "infra" || root == "terraform" ||
          root == "module" || root == "data" || root == "path") {
        diags_.error(ref.range, "Invalid reference",
                     "\"" + root + "\" must be followed by an attribute, like " +
                         example(root) + ".");
      } else if (!is_builtin_root(root)) {
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
    if (root == "count") {
      if (name != "index") {
        diags_.error(ref.range, "Invalid \"count\" attribute",
                     "The \"count\" object has one attribute, \"index\".");
      } else if (!context.count) {
        diags_.error(ref.range, "Reference to \"count\" in a block without count",
                     "count.index is the index of the instance, and exists only in resource, "
                     "data and module blocks that set count.");
      }
      return std::nullopt;
    }
    if (root == "each") {
      if (name != "key" && name != "value") {
        diags_.error(ref.range, "Invalid \"each\" attribute",
                     "The \"each\" object has the attributes \"key\" and \"value\".");
      } else if (!context.for_each) {
        diags_.error(ref.range, "Reference to \"each\" in a block without for_each",
                     "each.key and each.value exist only in resource, data, module and "
                     "provider blocks that set for_each.");
      }
      return std::nullopt;
    }
    if (root == "infra" || root == "terraform") {
      if (name != "workspace") {
        diags_.error(ref.range, "Invalid \"" + root + "\" attribute",
                     "The \"" + root + "\" object has one attribute, \"workspace\".");
      }
      return std::nullopt;
    }
    if (root == "module") {
      auto call = find("module." + name, ref, "module call", "module \"" + name + "\"");
      if (call && current_) {
        graph_.module_references.push_back(
            {*current_, name, ref.parts.size() > 2 ? ref.parts[2] : "", context.depends_on, ref.range});
      }
      return call;
    }
    if (root == "data") {
      if (ref.parts.size() < 3) {
        diags_.error(ref.range, "Invalid data source reference",
                     "A data source is named by its type and name, like data." + name +
                         ".NAME.");
        return std::nullopt;
      }
      const std::string address = "data." + name + "." + ref.parts[2];
      return find(address, ref, "data source",
                  "data \"" + name + "\" \"" + ref.parts[2] + "\"");
    }
    return find(root + "." + name, ref, "resource",
                "resource \"" + root + "\" \"" + name + "\"");
  }

  /// A check is evaluated after everything else: its references need no edges, only to
  /// be valid. Its scoped data source is visible to its asserts alone.
  void check_references(const lang::Check& c) {
    std::vector<std::pair<lang::Reference, Context>> refs;
    collect(refs, c.asserts, {});
    for (const auto& d : c.data_sources) collect_resource(refs, d);
    for (const auto& [ref, context] : refs) {
      const bool scoped = ref.parts.size() >= 3 && ref.parts[0] == "data" &&
                          std::any_of(c.data_sources.begin(), c.data_sources.end(),
                                      [&](const lang::Resource& d) {
                                        return d.type == ref.parts[1] && d.name == ref.parts[2];
                                      });
      if (!scoped) resolve(ref, context);
    }
  }

  /// An import block's references: the nodes its target must wait for (the edges are
  /// added with the target, which may be in a called module).
  void import_references(const lang::Import& im) {
    std::vector<std::pair<lang::Reference, Context>> refs;
    const Context in_block{false, im.for_each != nullptr, false};
    collect(refs, im.id, in_block);
    collect(refs, im.to_index, in_block);
    collect(refs, im.for_each, {});
    std::vector<std::size_t> nodes;
    for (const auto& [ref, context] : refs) {
      if (auto target = resolve(ref, context)) nodes.push_back(*target);
    }
    if (!im.provider.name.empty()) {
      auto it = graph_.by_address.find(provider_node_address(im.provider.key()));
      if (it != graph_.by_address.end()) nodes.push_back(it->second);
    }
    graph_.import_dependencies.push_back(std::move(nodes));
  }

  static std::string example(const std::string& root) {
    if (root == "count") return "count.index";
    if (root == "each") return "each.key";
    if (root == "module") return "module.NAME.OUTPUT";
    if (root == "data") return "data.TYPE.NAME";
    if (root == "path") return "path.module";
    return root + ".workspace";
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

  static std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : ".") + p;
    return s;
  }

  const lang::Module& module_;
  lang::Diagnostics& diags_;
  ConfigGraph graph_;
  std::optional<std::size_t> current_;  // the node whose references link() follows
};

}  // namespace

ConfigGraph build_graph(const lang::Module& module, lang::Diagnostics& diags) {
  return Builder(module, diags).build();
}

}  // namespace infra::planner
