// infra: the command-line entry point. Global flags, then one command.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/diagnostics_json.hpp"

namespace {

/// Whether the command accepts -json and its arguments ask for it. Plan, apply and
/// destroy are left out: their -json is a stream of events (cli/view_json.hpp), which
/// reports errors itself once it runs; their command-line errors go to stderr.
bool wants_json(const std::string& command, const std::vector<std::string>& args,
                const infra::cli::FlagSpec& spec) {
  if (command == "plan" || command == "apply" || command == "destroy") return false;
  const auto& booleans = spec.booleans;
  if (std::find(booleans.begin(), booleans.end(), "json") == booleans.end()) return false;
  return std::any_of(args.begin(), args.end(), [](const std::string& a) {
    return a == "-json" || a == "--json" || a == "-json=true" || a == "--json=true";
  });
}

void print_usage() {
  std::cout << "Usage: infra [-chdir=DIR] <command> [args]\n\n"
               "Infra plans and applies changes to infrastructure declared in .infra files.\n\n"
               "Commands:\n";
  for (const auto& c : infra::cli::commands()) {
    std::string name = c.name;
    std::cout << "  " << name << std::string(14 - name.size(), ' ') << c.summary << "\n";
  }
  std::cout << "\nGlobal options:\n"
               "  -chdir=DIR    Switch to DIR before running the command.\n"
               "  -help         Show this help, or a command's help after its name.\n"
               "  -version      Same as the version command.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t i = 0;
  // Global flags come before the command.
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
    std::string a = args[i];
    std::string body = a.substr(a[1] == '-' ? 2 : 1);
    if (body.rfind("chdir=", 0) == 0 || body == "chdir") {
      std::string dir = body == "chdir" ? (i + 1 < args.size() ? args[++i] : "") : body.substr(6);
      if (dir.empty() || ::chdir(dir.c_str()) != 0) {
        std::cerr << "Error: cannot switch to directory \"" << dir << "\": "
                  << (dir.empty() ? "no directory given" : std::strerror(errno)) << "\n";
        return 1;
      }
    } else if (body == "help" || body == "h") {
      print_usage();
      return 0;
    } else if (body == "version" || body == "v") {
      return infra::cli::cmd_version({});
    } else {
      std::cerr << "Error: unknown global flag " << a << "\n\n";
      print_usage();
      return 1;
    }
  }
  if (i == args.size()) {
    print_usage();
    return 1;
  }
  std::string name = args[i];
  std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
  for (const auto& c : infra::cli::commands()) {
    if (name != c.name) continue;
    // A command run with -json reports every error in JSON on stdout, the command line's
    // own included, so that a program reading it never has to parse text.
    const bool json = wants_json(name, rest, c.flags);
    auto fail = [&](const std::string& message, bool usage) {
      if (json) {
        infra::lang::Diagnostics diags;
        diags.error(message, usage ? "Run \"infra " + name + " -help\" for its options." : "");
        std::cout << infra::cli::diagnostics_json(diags, {});
      } else {
        std::cerr << "Error: " << message << "\n" << (usage ? "\n" + std::string(c.usage) : "");
      }
      return 1;
    };
    infra::cli::Args parsed;
    try {
      parsed = infra::cli::parse_args(rest, c.flags);
    } catch (const infra::cli::UsageError& e) {
      return fail(e.what(), true);
    }
    if (parsed.help) {
      std::cout << c.usage;
      return 0;
    }
    // A closed pipe on stdout must not kill us in the middle of a state write.
    std::signal(SIGPIPE, SIG_IGN);
    try {
      return c.run(parsed);
    } catch (const infra::cli::UsageError& e) {
      return fail(e.what(), true);
    } catch (const infra::cli::ReportedError&) {
      return 1;
    } catch (const std::exception& e) {
      return fail(e.what(), false);
    }
  }
  std::cerr << "Error: unknown command \"" << name << "\"\n\n";
  print_usage();
  return 1;
}
