// Markdown rendering of plans: see planner/render_markdown.hpp.
#include "planner/render_markdown.hpp"

#include <sstream>
#include <vector>

#include "planner/render.hpp"

namespace infra::planner {
namespace {

// A change worth showing: an action, or a move or import that only the state sees.
bool shown(const Change& c) {
  return c.action != Action::NoOp || !c.moved_from.empty() || !c.import_id.empty();
}

bool destructive(const Change& c) { return c.action == Action::Delete || c.action == Action::Replace; }

std::string code(const std::string& s) { return "`" + s + "`"; }

// For HTML, where Markdown is not read (a <summary>): escaped, in <code>.
std::string html_code(const std::string& s) {
  std::string out = "<code>";
  for (char ch : s) {
    if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else if (ch == '&') out += "&amp;";
    else out += ch;
  }
  return out + "</code>";
}

// What happens to a change's object, in a few words.
std::string verb(const Change& c) {
  switch (c.action) {
    case Action::Create: return "create";
    case Action::Update: return c.import_id.empty() ? "update" : "import and update";
    case Action::Replace: return c.create_before_destroy ? "replace (create first)" : "replace";
    case Action::Delete: return "destroy";
    case Action::Forget: return "forget";
    case Action::NoOp: return !c.import_id.empty() ? "import" : "move";
  }
  return "";
}

// The human diff as a ```diff block: each line's action symbol moved to the first column,
// where diff highlighting looks for it (`~` becomes `!`, which it marks as changed).
std::string diff_block(const std::string& human) {
  std::string body;
  std::istringstream lines(human);
  for (std::string line; std::getline(lines, line);) {
    std::size_t first = line.find_first_not_of(' ');
    if (first != std::string::npos && first + 1 < line.size() && line[first + 1] == ' ' &&
        (line[first] == '+' || line[first] == '-' || line[first] == '~')) {
      const char symbol = line[first] == '~' ? '!' : line[first];
      line = std::string(1, symbol) + std::string(first, ' ') + line.substr(first + 1);
    } else if (first != std::string::npos &&
               (line.compare(first, 3, "-/+") == 0 || line.compare(first, 3, "+/-") == 0)) {
      line = "!" + line.substr(1);
    }
    body += line + "\n";
  }
  // A fence longer than any run of backticks inside.
  std::string fence = "```";
  while (body.find(fence) != std::string::npos) fence += "`";
  return fence + "diff\n" + body + fence + "\n";
}

std::string details(const std::string& summary, const std::string& human) {
  return "<details><summary>" + summary + "</summary>\n\n" + diff_block(human) + "\n</details>\n";
}

std::string count_line(const Plan::Summary& s) {
  std::string out = std::to_string(s.add) + " to add, " + std::to_string(s.change) +
                    " to change, " + std::to_string(s.destroy) + " to destroy";
  if (s.import > 0) out = std::to_string(s.import) + " to import, " + out;
  if (s.forget > 0) out += ", " + std::to_string(s.forget) + " to forget";
  return out;
}

}  // namespace

std::string render_markdown(const Plan& plan, const MarkdownOptions& options) {
  const Plan::Summary summary = plan.summary();
  std::vector<const Change*> changes, destroying;
  for (const auto& c : plan.changes) {
    if (!shown(c)) continue;
    changes.push_back(&c);
    if (destructive(c)) destroying.push_back(&c);
  }
  bool outputs_change = false;
  for (const auto& o : plan.outputs) outputs_change = outputs_change || o.action != Action::NoOp;

  // The part that is never cut: verdict, destructive changes, counts.
  std::ostringstream head;
  const std::string where = plan.workspace != "default" ? " (workspace " + code(plan.workspace) + ")" : "";
  if (plan.refresh_only) {
    head << "### Infra refresh-only plan" << where << ": " << plan.drift.size()
         << (plan.drift.size() == 1 ? " object" : " objects")
         << " changed outside Infra, no action on objects\n\n";
  } else if (changes.empty() && !outputs_change && plan.deferred.empty()) {
    head << "### Infra plan" << where << ": no changes\n\nYour infrastructure matches the configuration.\n\n";
  } else {
    head << "### " << (destroying.empty() ? "" : "⚠️ ") << "Infra plan" << where << ": "
         << count_line(summary) << "\n\n";
  }
  if (!destroying.empty()) {
    head << "**Destructive changes** (" << destroying.size() << "):\n\n";
    for (const Change* c : destroying) {
      head << "- 🔴 **" << verb(*c) << "** " << code(c->address);
      if (c->action == Action::Replace && !c->replace_paths.empty()) {
        std::string paths;
        for (const auto& path : c->replace_paths) {
          std::string p;
          for (const auto& step : path) {
            if (const auto* name = std::get_if<std::string>(&step)) p += (p.empty() ? "" : ".") + *name;
            else p += "[" + std::to_string(std::get<std::int64_t>(step)) + "]";
          }
          paths += (paths.empty() ? "" : ", ") + code(p);
        }
        head << ": " << paths << " forces replacement";
      } else if (!c->reason.empty()) {
        head << ": " << c->reason;
      }
      head << "\n";
    }
    head << "\n";
  }
  if (!changes.empty()) {
    const std::pair<const char*, int> rows[] = {{"import", summary.import}, {"create", summary.add},
                                                {"update", summary.change}, {"destroy", summary.destroy},
                                                {"forget", summary.forget}};
    head << "| action | resources |\n| --- | ---: |\n";
    for (const auto& [name, n] : rows) {
      if (n > 0) head << "| " << name << " | " << n << " |\n";
    }
    head << "\n";
  }
  if (!plan.deferred.empty()) {
    head << "**Deferred to a further round** (known only after apply): ";
    for (std::size_t i = 0; i < plan.deferred.size(); ++i) {
      head << (i ? ", " : "") << code(plan.deferred[i].address);
    }
    head << ".\n\n";
  }
  for (const auto& w : plan.warnings) head << "> **Warning:** " << w << "\n\n";

  // The sections that may be cut, in order: drift, each change (destructive first),
  // outputs.
  std::vector<std::string> sections;
  if (!plan.drift.empty()) {
    std::string drift = "#### Changed outside Infra\n\n";
    for (const auto& d : plan.drift) {
      drift += details(html_code(d.address) + (d.after.is_null() ? " has been deleted" : " has changed"),
                       render_drift(d, {}));
    }
    sections.push_back(drift + "\n");
  }
  if (!changes.empty()) sections.push_back("#### Changes\n\n");
  std::vector<const Change*> ordered = destroying;
  for (const Change* c : changes) {
    if (!destructive(*c)) ordered.push_back(c);
  }
  for (const Change* c : ordered) {
    sections.push_back(details((destructive(*c) ? "🔴 " : "") + html_code(c->address) + ": " + verb(*c),
                               render_change(*c, {})));
  }
  if (outputs_change) {
    std::string outputs = "\n#### Outputs\n\n| output | change |\n| --- | --- |\n";
    for (const auto& o : plan.outputs) {
      if (o.action == Action::NoOp) continue;
      const std::string before = o.sensitive ? "(sensitive value)" : render_value(o.before);
      const std::string after = o.sensitive ? "(sensitive value)" : render_value(o.after);
      std::string text = o.action == Action::Create   ? after
                         : o.action == Action::Delete ? before + " → null"
                                                      : before + " → " + after;
      // A table cell holds one line, and no `|`.
      for (char& ch : text) {
        if (ch == '\n') ch = ' ';
      }
      std::string cell;
      for (char ch : text) cell += ch == '|' ? std::string("\\|") : std::string(1, ch);
      outputs += "| " + code(o.name) + " | " + cell + " |\n";
    }
    sections.push_back(outputs);
  }

  std::string out = head.str();
  std::size_t left_out = 0;
  // Room for the note that says what was left out.
  constexpr std::size_t kNote = 200;
  for (const auto& section : sections) {
    if (left_out == 0 && out.size() + section.size() + kNote <= options.limit) {
      out += section;
    } else {
      ++left_out;
    }
  }
  if (left_out > 0) {
    out += "\n_" + std::to_string(left_out) + (left_out == 1 ? " section was" : " sections were") +
           " left out to stay within " + std::to_string(options.limit) +
           " characters; `infra show PLANFILE` shows the whole plan._\n";
  }
  return out;
}

}  // namespace infra::planner
