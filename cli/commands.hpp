// The table of commands: each command lives in its own cli/cmd_*.cpp file.
#pragma once

#include <string>
#include <vector>

#include "cli/args.hpp"

namespace infra::cli {

struct Command {
  const char* name;
  const char* summary;  // one line, for `infra --help`
  const char* usage;    // the full help text of `infra NAME --help`
  FlagSpec flags;
  int (*run)(const Args& args);
};

const std::vector<Command>& commands();

int cmd_init(const Args& args);
int cmd_validate(const Args& args);
int cmd_console(const Args& args);
int cmd_fmt(const Args& args);
int cmd_plan(const Args& args);
int cmd_apply(const Args& args);
int cmd_destroy(const Args& args);
int cmd_show(const Args& args);
int cmd_graph(const Args& args);
int cmd_output(const Args& args);
int cmd_import(const Args& args);
int cmd_force_unlock(const Args& args);
int cmd_state(const Args& args);
/// `state encrypt|decrypt|rekey` (cmd_state_encrypt.cpp), else cmd_state.
int cmd_state_with_encryption(const Args& args);
int cmd_taint(const Args& args);
int cmd_untaint(const Args& args);
int cmd_workspace(const Args& args);
/// `state import-terraform FILE` (cli/cmd_state_import.cpp), reached through cmd_state.
int cmd_state_import_terraform(const Args& args);
int cmd_version(const Args& args);

}  // namespace infra::cli
