// Text dumps of the AST and of a Module (see dump.hpp).
#include "lang/dump.hpp"

#include <algorithm>

namespace infra::lang {
namespace {

std::string at(const SourceRange& r) {
  return "@" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

std::string steps(const std::vector<TraversalStep>& steps) {
  std::string out;
  for (const TraversalStep& s : steps) {
    out += s.is_index() ? "[" + dump(*s.index) + "]" : "." + s.name;
  }
  return out;
}

std::string optional_expr(const ExprPtr& e) { return e ? dump(*e) : "(none)"; }

std::string quoted(const std::string& s) { return to_display(Value::string(s)); }

std::string references(const std::vector<Reference>& refs) {
  std::string out = "[";
  for (const Reference& r : refs) {
    if (out.size() > 1) out += ", ";
    for (std::size_t i = 0; i < r.parts.size(); ++i) out += (i ? "." : "") + r.parts[i];
  }
  return out + "]";
}

std::string parts(const std::vector<TemplatePart>& ps) {
  std::string out;
  for (const TemplatePart& p : ps) out += " " + (p.expr ? dump(*p.expr) : quoted(p.text));
  return out;
}

std::string names(const std::string& key, const std::string& value) {
  return key.empty() ? value : key + ", " + value;
}

struct ExprDumper {
  std::string operator()(const TemplateIf& t) const {
    return "(%if " + dump(*t.cond) + " (then" + parts(t.then) + ") (else" + parts(t.otherwise) +
           "))";
  }
  std::string operator()(const TemplateFor& t) const {
    return "(%for " + names(t.key_name, t.value_name) + " in " + dump(*t.collection) +
           parts(t.body) + ")";
  }
  std::string operator()(const ForExpr& f) const {
    std::string out = "(for " + names(f.key_name, f.value_name) + " in " +
                      dump(*f.collection) + " :";
    if (f.key) out += " " + dump(*f.key) + " =>";
    out += " " + dump(*f.value) + (f.grouping ? "..." : "");
    if (f.cond) out += " if " + dump(*f.cond);
    return out + ")";
  }
  std::string operator()(const SplatItem&) const { return "*"; }
  std::string operator()(const SplatExpr& s) const {
    return std::string(s.attribute_only ? "(splat.* " : "(splat[*] ") + dump(*s.source) + " " +
           dump(*s.each) + ")";
  }
  std::string operator()(const Literal& l) const { return to_display(l.value); }
  std::string operator()(const TemplateExpr& t) const {
    return "(template" + parts(t.parts) + ")";
  }
  std::string operator()(const ScopeTraversal& t) const {
    return "(ref " + t.root + steps(t.steps) + ")";
  }
  std::string operator()(const RelativeTraversal& t) const {
    return "(traverse " + dump(*t.source) + " " + steps(t.steps) + ")";
  }
  std::string operator()(const FunctionCall& c) const {
    std::string out = "(call " + c.name;
    for (const ExprPtr& a : c.args) out += " " + dump(*a);
    return out + (c.expand_final ? " ...)" : ")");
  }
  std::string operator()(const TupleExpr& t) const {
    std::string out = "(tuple";
    for (const ExprPtr& i : t.items) out += " " + dump(*i);
    return out + ")";
  }
  std::string operator()(const ObjectExpr& o) const {
    std::string out = "(object";
    for (const ObjectItem& i : o.items) out += " (" + dump(*i.key) + " " + dump(*i.value) + ")";
    return out + ")";
  }
  std::string operator()(const UnaryExpr& u) const {
    return std::string(u.op == UnaryOp::Not ? "(! " : "(neg ") + dump(*u.operand) + ")";
  }
  std::string operator()(const BinaryExpr& b) const {
    return std::string("(") + to_string(b.op) + " " + dump(*b.lhs) + " " + dump(*b.rhs) + ")";
  }
  std::string operator()(const ConditionalExpr& c) const {
    return "(? " + dump(*c.cond) + " " + dump(*c.then) + " " + dump(*c.otherwise) + ")";
  }
};

}  // namespace

std::string dump(const Expr& expr) { return std::visit(ExprDumper{}, expr.node); }

std::string dump(const Body& body, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  // Interleave attributes and blocks in source order.
  std::vector<std::pair<std::size_t, std::string>> lines;
  for (const Attribute& a : body.attributes) {
    lines.emplace_back(a.range.begin.offset, pad + a.name + " " + at(a.name_range) + " = " +
                                                 dump(*a.value) + "\n");
  }
  for (const Block& b : body.blocks) {
    std::string text = pad + b.type;
    for (const std::string& l : b.labels) text += " " + quoted(l);
    text += " " + at(b.range) + " {\n" + dump(*b.body, indent + 2) + pad + "}\n";
    lines.emplace_back(b.range.begin.offset, std::move(text));
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string out;
  for (const auto& [offset, text] : lines) out += text;
  return out;
}

namespace {

std::string conditions(const char* kind, const std::vector<Condition>& cs, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  std::string out;
  for (const Condition& c : cs) {
    out += pad + kind + " " + at(c.range) + " " + optional_expr(c.condition) + " : " +
           optional_expr(c.error_message) + "\n";
  }
  return out;
}

std::string dump_resource(const Resource& r, const char* kind, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  std::string out = pad + kind + " \"" + r.type + "\" \"" + r.name + "\" " + at(r.range) +
                    " provider=" + r.provider_key() +
                    (r.provider_index ? "[" + dump(*r.provider_index) + "]" : "") + "\n";
  if (r.count) out += pad + "  count = " + dump(*r.count) + "\n";
  if (r.for_each) out += pad + "  for_each = " + dump(*r.for_each) + "\n";
  if (!r.depends_on.empty()) out += pad + "  depends_on = " + references(r.depends_on) + "\n";
  const Lifecycle& l = r.lifecycle;
  if (l.create_before_destroy) out += pad + "  lifecycle.create_before_destroy = true\n";
  if (l.prevent_destroy) out += pad + "  lifecycle.prevent_destroy = true\n";
  if (l.ignore_all_changes) out += pad + "  lifecycle.ignore_changes = all\n";
  if (!l.ignore_changes.empty()) {
    out += pad + "  lifecycle.ignore_changes =";
    for (const IgnoredPath& path : l.ignore_changes) out += " " + path.to_string();
    out += "\n";
  }
  for (const ExprPtr& e : l.replace_triggered_by) {
    out += pad + "  lifecycle.replace_triggered_by " + dump(*e) + "\n";
  }
  out += conditions("lifecycle.precondition", l.preconditions, indent + 2);
  out += conditions("lifecycle.postcondition", l.postconditions, indent + 2);
  return out + dump(*r.body, indent + 2);
}

}  // namespace

std::string dump(const Module& m) {
  std::string out;
  for (const Variable& v : m.variables) {
    out += "variable \"" + v.name + "\" " + at(v.range) + "\n";
    if (!v.type.empty()) out += "  type = " + v.type + "\n";
    if (v.default_value) out += "  default = " + dump(*v.default_value) + "\n";
    if (!v.description.empty()) out += "  description = " + quoted(v.description) + "\n";
    if (v.sensitive) out += "  sensitive = true\n";
  }
  for (const Local& l : m.locals) {
    out += "local \"" + l.name + "\" " + at(l.range) + " = " + dump(*l.value) + "\n";
  }
  for (const Resource& r : m.resources) out += dump_resource(r, "resource", 0);
  for (const Resource& r : m.data_sources) out += dump_resource(r, "data", 0);
  for (const ModuleCall& c : m.module_calls) {
    out += "module \"" + c.name + "\" " + at(c.range) + " source=" + quoted(c.source) + "\n";
    if (c.count) out += "  count = " + dump(*c.count) + "\n";
    if (c.for_each) out += "  for_each = " + dump(*c.for_each) + "\n";
    if (!c.depends_on.empty()) out += "  depends_on = " + references(c.depends_on) + "\n";
    for (const auto& [child, parent] : c.providers) {
      out += "  providers." + child.key() + " = " + parent.key() + "\n";
    }
    out += dump(*c.body, 2);
  }
  for (const Output& o : m.outputs) {
    out += "output \"" + o.name + "\" " + at(o.range) + " = " + optional_expr(o.value) + "\n";
    if (!o.description.empty()) out += "  description = " + quoted(o.description) + "\n";
    if (o.sensitive) out += "  sensitive = true\n";
    if (!o.depends_on.empty()) out += "  depends_on = " + references(o.depends_on) + "\n";
    out += conditions("precondition", o.preconditions, 2);
  }
  for (const ProviderConfig& p : m.providers) {
    out += "provider \"" + p.name + "\" " + at(p.range) +
           (p.alias.empty() ? "" : " alias=" + quoted(p.alias)) +
           (p.for_each ? " for_each=" + dump(*p.for_each) : "") + "\n" + dump(*p.body, 2);
  }
  for (const RequiredProvider& p : m.required_providers) {
    out += "required_provider \"" + p.name + "\" " + at(p.range) + " source=" +
           quoted(p.source) + " version=" + quoted(p.version) +
           "\n";
  }
  if (m.backend) {
    out += "backend \"" + m.backend->type + "\" " + at(m.backend->range) + "\n" +
           dump(*m.backend->body, 2);
  }
  for (const Moved& mv : m.moved) {
    out += "moved " + at(mv.range) + " from=" + mv.from + " to=" + mv.to + "\n";
  }
  for (const Removed& r : m.removed) {
    out += "removed " + at(r.range) + " from=" + r.from + (r.destroy ? " destroy" : " forget") +
           "\n";
  }
  for (const Import& i : m.imports) {
    out += "import " + at(i.range) + " to=" + i.to;
    if (i.to_index) out += "[" + dump(*i.to_index) + "]";
    out += " id=" + optional_expr(i.id);
    if (i.for_each) out += " for_each=" + dump(*i.for_each);
    if (!i.provider.name.empty()) out += " provider=" + i.provider.key();
    out += "\n";
  }
  for (const Check& c : m.checks) {
    out += "check \"" + c.name + "\" " + at(c.range) + "\n";
    for (const Resource& d : c.data_sources) out += dump_resource(d, "data", 2);
    out += conditions("assert", c.asserts, 2);
  }
  return out;
}

}  // namespace infra::lang
