// Rendering a Plan for a terminal.
#include "planner/render.hpp"

#include <algorithm>
#include <sstream>

#include "planner/diff.hpp"
#include "planner/value_diff.hpp"

namespace infra::planner {
namespace {

struct Style {
  bool color;
  std::string green() const { return color ? "\033[32m" : ""; }
  std::string yellow() const { return color ? "\033[33m" : ""; }
  std::string red() const { return color ? "\033[31m" : ""; }
  std::string bold() const { return color ? "\033[1m" : ""; }
  std::string reset() const { return color ? "\033[0m" : ""; }
};

std::string quote(const std::string& s) { return lang::to_display(lang::Value::string(s)); }

std::string symbol(Action a, const Style& st) {
  switch (a) {
    case Action::Create:
      return st.green() + "+" + st.reset();
    case Action::Update:
      return st.yellow() + "~" + st.reset();
    case Action::Delete:
      return st.red() + "-" + st.reset();
    case Action::Replace:
      return st.red() + "-" + st.reset() + "/" + st.green() + "+" + st.reset();
    case Action::Forget:
      return ".";
    case Action::NoOp:
      break;
  }
  return " ";
}

const lang::Value& member(const lang::Value& object, const std::string& name) {
  static const lang::Value kNull;
  if (object.kind() != lang::Value::Kind::Object) return kNull;
  auto it = object.as_object().find(name);
  return it == object.as_object().end() ? kNull : it->second;
}

struct Line {
  Action action;  // NoOp: shown unchanged, for identification
  std::string name;
  std::string text;  // after the "name = "
  bool forces = false;
};

std::string plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

using providers::AttributePath;

// One resource's diff, or one nested block's: attribute lines, then the nested blocks.
class BodyRenderer {
 public:
  BodyRenderer(std::ostringstream& out, const std::vector<AttributePath>& replace_paths,
               const Style& st)
      : out_(out), replace_paths_(replace_paths), st_(st) {}

  // The lines of `before` -> `after` (objects, or null) with symbols at column `indent`.
  // `hide_before`/`hide_after`: that side sits inside a sensitive value, so none of it shows.
  void body(const lang::Value& before, const lang::Value& after, Action action,
            const std::vector<BlockShape>& blocks, int indent, bool hide_before = false,
            bool hide_after = false) {
    const bool top = path_.empty();
    std::vector<std::string> names;
    for (const auto* obj : {&before, &after}) {
      if (obj->kind() != lang::Value::Kind::Object) continue;
      for (const auto& [name, v] : obj->as_object()) {
        if (!find_shape(blocks, name)) names.push_back(name);
      }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());

    std::vector<Line> lines;
    int hidden = 0;
    for (const auto& name : names) {
      const lang::Value& b = member(before, name);
      const lang::Value& a = member(after, name);
      const std::string bt = shown(b, hide_before);
      const std::string at = shown(a, hide_after);
      path_.emplace_back(name);
      const bool forces = forced();
      path_.pop_back();
      // Marks are compared at the top only: inside blocks the state keeps none of its own.
      const bool same = same_value(b, a) && (!top || b.is_sensitive() == a.is_sensitive());
      if (action == Action::Create) {
        if (a.is_null() && !a.is_unknown()) continue;
        lines.push_back({Action::Create, name, at});
      } else if (action == Action::Delete) {
        if (b.is_null()) continue;
        lines.push_back({Action::Delete, name, bt + " -> null"});
      } else if (b.is_null() && a.is_null() && !a.is_unknown()) {
        continue;
      } else if (same) {
        // Unchanged: the id and name identify the object, the rest is folded.
        if (top && (name == "id" || name == "name")) {
          lines.push_back({Action::NoOp, name, bt});
        } else {
          ++hidden;
        }
      } else if (b.is_null()) {
        lines.push_back({Action::Create, name, at, forces});
      } else if (a.is_null() && !a.is_unknown()) {
        lines.push_back({Action::Delete, name, bt + " -> null", forces});
      } else {
        // Multi-line strings, JSON documents, maps and lists: element by element.
        std::optional<std::string> rich;
        if (!hide_before && !hide_after) rich = structured_diff(b, a, indent, st_.color);
        lines.push_back({Action::Update, name, rich ? *rich : bt + " -> " + at, forces});
      }
    }
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    std::size_t width = 0;
    for (const auto& l : lines) width = std::max(width, l.name.size());
    for (const auto& l : lines) {
      out_ << pad << symbol(l.action, st_) << " " << l.name
           << std::string(width - l.name.size(), ' ') << " = " << l.text;
      if (l.forces) out_ << st_.red() << " # forces replacement" << st_.reset();
      out_ << "\n";
    }
    if (hidden > 0) {
      out_ << pad << "  # (" << plural(hidden, "unchanged attribute", "unchanged attributes")
           << " hidden)\n";
    }

    int hidden_blocks = 0;
    for (const auto& shape : blocks) {
      const lang::Value& b = action == Action::Create ? kNull : member(before, shape.name);
      const lang::Value& a = action == Action::Delete ? kNull : member(after, shape.name);
      const bool hb = hide_before || b.is_sensitive();
      const bool ha = hide_after || a.is_sensitive();
      path_.emplace_back(shape.name);
      if (a.is_unknown()) {
        const bool had = !items(b, shape).empty();
        out_ << "\n" << pad << symbol(had ? Action::Update : Action::Create, st_) << " "
             << shape.name << " = " << (had ? shown(b, hb) + " -> " : "")
             << "(known after apply)" << (forced() ? st_.red() + " # forces replacement" + st_.reset() : "")
             << "\n";
      } else if (shape.nesting == providers::Nesting::Set) {
        const std::vector<lang::Value> bs = items(b, shape), as = items(a, shape);
        const auto in = [](const lang::Value& v, const std::vector<lang::Value>& list) {
          return std::any_of(list.begin(), list.end(), [&](const auto& x) { return same_value(v, x); });
        };
        for (const auto& v : bs) {
          if (in(v, as)) ++hidden_blocks;
          else element(shape, v, kNull, indent, hb, ha);
        }
        for (const auto& v : as) {
          if (!in(v, bs)) element(shape, kNull, v, indent, hb, ha);
        }
      } else if (shape.nesting == providers::Nesting::Single) {
        hidden_blocks += element(shape, b, a, indent, hb, ha);
      } else {
        const std::vector<lang::Value> bs = items(b, shape), as = items(a, shape);
        for (std::size_t i = 0; i < std::max(bs.size(), as.size()); ++i) {
          path_.emplace_back(static_cast<std::int64_t>(i));
          hidden_blocks += element(shape, i < bs.size() ? bs[i] : kNull,
                                   i < as.size() ? as[i] : kNull, indent, hb, ha);
          path_.pop_back();
        }
      }
      path_.pop_back();
    }
    if (hidden_blocks > 0) {
      out_ << "\n" << pad << "  # (" << plural(hidden_blocks, "unchanged block", "unchanged blocks")
           << " hidden)\n";
    }
  }

 private:
  static inline const lang::Value kNull;

  static const BlockShape* find_shape(const std::vector<BlockShape>& blocks, const std::string& name) {
    for (const auto& b : blocks) {
      if (b.name == name) return &b;
    }
    return nullptr;
  }

  // The blocks a block type's value holds: its elements, or the one object of a single one.
  static std::vector<lang::Value> items(const lang::Value& v, const BlockShape& shape) {
    if (v.is_unknown()) return {};
    if (shape.nesting == providers::Nesting::Single) {
      return v.kind() == lang::Value::Kind::Object ? std::vector<lang::Value>{v}
                                                    : std::vector<lang::Value>{};
    }
    return v.kind() == lang::Value::Kind::List ? v.as_list() : std::vector<lang::Value>{};
  }

  static std::string shown(const lang::Value& v, bool hidden) {
    return hidden && !v.is_null() ? "(sensitive value)" : render_value(v);
  }

  bool forced() const {
    return std::find(replace_paths_.begin(), replace_paths_.end(), path_) != replace_paths_.end();
  }

  // One block, `before` -> `after` (either may be null); returns 1 when it is unchanged
  // (and folded), else 0.
  int element(const BlockShape& shape, const lang::Value& before, const lang::Value& after,
              int indent, bool hide_before, bool hide_after) {
    const bool was = before.kind() == lang::Value::Kind::Object;
    const bool is = after.kind() == lang::Value::Kind::Object;
    if (!was && !is) return 0;
    if (was && is && same_value(before, after)) return 1;
    const Action action = !was ? Action::Create : !is ? Action::Delete : Action::Update;
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    out_ << "\n" << pad << symbol(action, st_) << " " << shape.name << " {";
    if (forced()) out_ << st_.red() << " # forces replacement" << st_.reset();
    out_ << "\n";
    body(before, after, action, shape.blocks, indent + 4, hide_before || before.is_sensitive(),
         hide_after || after.is_sensitive());
    out_ << pad << "  }\n";
    return 0;
  }

  std::ostringstream& out_;
  const std::vector<AttributePath>& replace_paths_;
  const Style& st_;
  AttributePath path_;  // where the body being rendered sits
};

// The attribute and block lines of one resource's diff.
void render_body(std::ostringstream& out, const lang::Value& before, const lang::Value& after,
                 Action action, const std::vector<AttributePath>& replace_paths,
                 const std::vector<BlockShape>& blocks, const Style& st) {
  BodyRenderer(out, replace_paths, st).body(before, after, action, blocks, 6);
}

std::string header(const std::string& address, const std::string& what, const Style& st) {
  return "  " + st.bold() + "# " + address + st.reset() + " " + what + "\n";
}

// A replacement that creates the new object first reads "+/-", the other way "-/+".
std::string replace_symbol(bool create_first, const Style& st) {
  if (!create_first) return symbol(Action::Replace, st);
  return st.green() + "+" + st.reset() + "/" + st.red() + "-" + st.reset();
}

std::string resource_line(Action a, const std::string& type, const std::string& name,
                          const Style& st, bool create_first = false) {
  std::string sym = a == Action::Replace ? replace_symbol(create_first, st) : "  " + symbol(a, st);
  return sym + " resource " + quote(type) + " " + quote(name) + " {\n";
}

// One object changed outside Infra.
void write_drift(std::ostringstream& out, const Drift& d, const Style& st) {
  if (d.after.is_null()) {
    out << header(d.address, "has been deleted", st)
        << resource_line(Action::Delete, d.type, d.name, st);
    render_body(out, d.before, d.after, Action::Delete, {}, d.blocks, st);
  } else {
    out << header(d.address, "has changed", st)
        << resource_line(Action::Update, d.type, d.name, st);
    render_body(out, d.before, d.after, Action::Update, {}, d.blocks, st);
  }
  out << "    }\n";
}

// One change: its header lines, and the resource with its attribute diff.
void write_change(std::ostringstream& out, const Change& c, const Style& st) {
  switch (c.action) {
    case Action::NoOp:
      out << (!c.import_id.empty() ? header(c.address, "will be imported", st)
                                   : header(c.moved_from, "has moved to " + c.address, st));
      break;
    case Action::Create:
      out << header(c.address, "will be created", st);
      break;
    case Action::Update:
      out << header(c.address, !c.import_id.empty() ? "will be imported and updated in-place"
                                                     : "will be updated in-place",
                    st);
      break;
    case Action::Replace:
      if (c.reason.rfind(kTriggeredBy, 0) == 0) {
        out << header(c.address,
                      "will be replaced due to changes in replace_triggered_by", st);
        out << "  # (triggered by " << c.reason.substr(kTriggeredBy.size()) << ")\n";
        break;
      }
      out << header(c.address, c.reason == "tainted"                ? "is tainted, so it must be replaced"
                               : c.reason == kReplaceRequested ? "will be replaced, as requested"
                                                               : "must be replaced",
                    st);
      break;
    case Action::Delete:
      out << header(c.address, "will be destroyed", st);
      if (!c.reason.empty()) out << "  # (because " << c.reason << ")\n";
      break;
    case Action::Forget:
      out << header(c.address, "will no longer be managed by Infra, but will not be destroyed", st);
      if (!c.reason.empty()) out << "  # (because " << c.reason << ")\n";
      break;
  }
  if (!c.moved_from.empty() && (c.action != Action::NoOp || !c.import_id.empty())) {
    out << "  # (moved from " << c.moved_from << ")\n";
  }
  if (!c.import_id.empty()) out << "  # (import id " << quote(c.import_id) << ")\n";
  out << resource_line(c.action, c.type, c.name, st, c.create_before_destroy);
  render_body(out, c.before, c.after, c.action, c.replace_paths, c.blocks, st);
  out << "    }\n";
}

}  // namespace

std::string render_value(const lang::Value& v) { return lang::to_display(v); }

std::string render_drift(const Drift& drift, const RenderOptions& options) {
  Style st{options.color};
  std::ostringstream out;
  write_drift(out, drift, st);
  return out.str();
}

std::string render_change(const Change& change, const RenderOptions& options) {
  Style st{options.color};
  std::ostringstream out;
  write_change(out, change, st);
  return out.str();
}

std::string render_summary(const Plan& plan) {
  auto s = plan.summary();
  return "Plan: " + (s.import > 0 ? std::to_string(s.import) + " to import, " : "") +
         std::to_string(s.add) + " to add, " + std::to_string(s.change) + " to change, " +
         std::to_string(s.destroy) + " to destroy" +
         (s.forget > 0 ? ", " + std::to_string(s.forget) + " to forget." : ".");
}

std::string render_plan(const Plan& plan, const RenderOptions& options) {
  Style st{options.color};
  std::ostringstream out;

  // The default workspace goes unsaid, as it does for those who never use workspaces.
  if (plan.workspace != "default") {
    out << "Workspace: " << st.bold() << plan.workspace << st.reset() << "\n\n";
  }

  if (!plan.drift.empty()) {
    out << st.bold() << "Note: Objects have changed outside of Infra" << st.reset() << "\n\n"
        << "Infra detected the following changes made outside of Infra since the last \"infra "
           "apply\":\n\n";
    for (const auto& d : plan.drift) {
      write_drift(out, d, st);
      out << "\n";
    }
    if (plan.refresh_only) {
      out << "This is a refresh-only plan, so Infra will not take any actions to undo these. "
             "Applying it records the updated values in the state without changing any "
             "object.\n";
      return out.str();
    }
    out << "Unless you have made equivalent changes to your configuration, or ignored the "
           "relevant attributes, the following plan may include actions to undo or respond to "
           "these changes.\n\n";
  }
  if (plan.refresh_only) {
    out << st.bold() << "No changes." << st.reset()
        << " Infra found no changes made outside of it; the state is up to date.\n";
    return out.str();
  }

  // A change worth showing: an action, or a move or import that only the state sees.
  const auto shown = [](const Change& c) {
    return c.action != Action::NoOp || !c.moved_from.empty() || !c.import_id.empty();
  };
  bool any = false;
  for (const auto& c : plan.changes) any = any || shown(c);
  bool outputs_change = false;
  for (const auto& o : plan.outputs) outputs_change = outputs_change || o.action != Action::NoOp;

  if (!any && !outputs_change && plan.deferred.empty()) {
    out << st.bold() << "No changes." << st.reset()
        << " Your infrastructure matches the configuration.\n";
    return out.str();
  }

  if (any) {
    // The legend names only the symbols this plan uses.
    bool used[6] = {false, false, false, false, false, false};
    bool create_first = false, destroy_first = false;
    for (const auto& c : plan.changes) {
      used[static_cast<int>(c.action)] = true;
      if (c.action == Action::Replace) (c.create_before_destroy ? create_first : destroy_first) = true;
    }
    out << "Resource actions are indicated with the following symbols:\n";
    if (used[static_cast<int>(Action::Create)]) out << "  " << symbol(Action::Create, st) << " create\n";
    if (used[static_cast<int>(Action::Update)]) out << "  " << symbol(Action::Update, st) << " update in-place\n";
    if (used[static_cast<int>(Action::Delete)]) out << "  " << symbol(Action::Delete, st) << " destroy\n";
    if (used[static_cast<int>(Action::Forget)]) out << "  " << symbol(Action::Forget, st) << " forget\n";
    if (destroy_first) out << replace_symbol(false, st) << " destroy and then create replacement\n";
    if (create_first) out << replace_symbol(true, st) << " create replacement and then destroy\n";
    out << "\nInfra will perform the following actions:\n\n";
    for (const auto& c : plan.changes) {
      if (!shown(c)) continue;
      write_change(out, c, st);
      out << "\n";
    }
  }
  out << st.bold() << render_summary(plan) << st.reset() << "\n";
  if (!plan.deferred.empty()) {
    out << "\n" << st.bold() << "Deferred to a further round" << st.reset()
        << ", because what they need is known only after apply:\n";
    for (const auto& d : plan.deferred) out << "  " << st.yellow() << "~ " << st.reset() << d.address << " (" << d.reason << ")\n";
    out << "\"infra apply\" applies this plan, then plans and applies these in further rounds.\n";
  }

  if (outputs_change) {
    out << "\nChanges to Outputs:\n";
    std::size_t width = 0;
    for (const auto& o : plan.outputs) {
      if (o.action != Action::NoOp) width = std::max(width, o.name.size());
    }
    for (const auto& o : plan.outputs) {
      if (o.action == Action::NoOp) continue;
      std::string pad(width - o.name.size(), ' ');
      std::string text;
      if (o.action == Action::Create) text = render_value(o.after);
      else if (o.action == Action::Delete) text = render_value(o.before) + " -> null";
      else text = render_value(o.before) + " -> " + render_value(o.after);
      out << "  " << symbol(o.action, st) << " " << o.name << pad << " = " << text << "\n";
    }
  }
  return out.str();
}

}  // namespace infra::planner
