// The command table and each command's help text.
#include "cli/commands.hpp"

namespace infra::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"init", "Prepare the working directory: providers and state",
       "Usage: infra [-chdir=DIR] init [options]\n\n"
       "  Finds every provider the configuration needs, starts each to check it,\n"
       "  and records each plugin's SHA-256 in .infra.lock.json: from then on, a plugin\n"
       "  that differs is refused until \"infra init -upgrade\" records it. It also\n"
       "  creates the state of the selected workspace (.infra/state.db, or where\n"
       "  the backend block says) when there is none. It records the backend in\n"
       "  .infra/backend.json; when the configuration names another backend than the\n"
       "  recorded one, every command stops until init moves the states or forgets them.\n\n"
       "Options:\n"
       "  -migrate-state  Copy every workspace's state from the recorded backend to the\n"
       "                  configured one, each read back and compared. The old states\n"
       "                  are left as they were.\n"
       "  -force-copy     With -migrate-state: replace states the new backend already has.\n"
       "  -reconfigure    Use the configured backend without the recorded one's states.\n"
       "  -lock=false     Do not take the state locks while migrating.\n"
       "  -lock-timeout=D Wait up to D (30s, 2m) for each state lock.\n"
       "  -upgrade        Record the plugins found now in .infra.lock.json, also those\n"
       "                  whose checksum differs from the recorded one.\n"
       "  -state=PATH     The state file, instead of the workspace's.\n"
       "  -no-color       No colour in the output.\n",
       {{"no-color", "migrate-state", "force-copy", "reconfigure", "lock", "upgrade"},
        {"state", "lock-timeout"}, {}, 0},
       cmd_init},
      {"validate", "Check that the configuration is valid",
       "Usage: infra [-chdir=DIR] validate [options]\n\n"
       "  Checks syntax, references, dependency cycles and every resource's arguments\n"
       "  against its provider's schema, without reading or changing the state.\n\n"
       "Options:\n"
       "  -json           Print every finding as JSON (for editors and CI).\n"
       "  -no-color       No colour in the output.\n",
       {{"no-color", "json"}, {}, {}, 0}, cmd_validate},
      {"fmt", "Rewrite .infra files into the canonical layout",
       "Usage: infra [-chdir=DIR] fmt [options] [TARGET...]\n\n"
       "  Rewrites every .infra file in the working directory, or in the files and\n"
       "  directories given, into the canonical layout, and prints the names of the\n"
       "  files it changed. With \"-\" as TARGET, formats standard input to standard\n"
       "  output. Comments, strings and heredocs are kept as they are.\n\n"
       "Options:\n"
       "  -check          Change nothing; exit 3 when some file is not formatted.\n"
       "  -diff           Print a unified diff of the changes.\n"
       "  -recursive      Also format the files in subdirectories.\n"
       "  -list=false     Do not print the names of the files that change.\n"
       "  -write=false    Do not rewrite the files.\n"
       "  -no-color       No colour in the output.\n",
       {{"check", "diff", "recursive", "list", "write", "no-color"}, {}, {}, 1000}, cmd_fmt},
      {"plan", "Show the changes that apply would make",
       "Usage: infra [-chdir=DIR] plan [options]\n\n"
       "  Reads the state, refreshes it through the providers, and shows the actions\n"
       "  that would bring the infrastructure to the configuration.\n\n"
       "Options:\n"
       "  -out=FILE            Save the plan to FILE, for \"infra apply FILE\".\n"
       "  -var NAME=VALUE      Set an input variable (repeatable).\n"
       "  -var-file=FILE       Set input variables from a file of NAME = VALUE lines\n"
       "                       (a JSON object when FILE ends in .json).\n"
       "  -destroy             Plan to destroy everything instead.\n"
       "  -target=ADDR         Plan only ADDR (a resource, instance or module) and what\n"
       "                       it depends on (repeatable).\n"
       "  -exclude=ADDR        Plan everything but ADDR and what depends on it.\n"
       "  -replace=ADDR        Replace the instance ADDR even if nothing forces it.\n"
       "  -generate-config-out=FILE\n"
       "                       Write resource blocks into FILE (a new file) for the\n"
       "                       import blocks whose target has none, then plan with them.\n"
       "  -detailed-exitcode   Exit 0 for no changes, 1 for an error, 2 for changes.\n"
       "  -refresh=false       Plan against the state as recorded, without reading.\n"
       "  -refresh-only        Plan only to record in the state what refresh finds;\n"
       "                       applying it changes no object.\n"
       "  -parallelism=N       At most N provider calls at once (default 10).\n"
       "  -lock=false          Do not lock the state (dangerous).\n"
       "  -lock-timeout=D      Wait up to D (30s, 5m) for a held state lock.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -json                Print one JSON event per line instead (for CI; see\n"
       "                       docs/json-events.md).\n"
       "  -format=markdown     Print the plan as Markdown, for a pull-request comment.\n"
       "  -no-color            No colour in the output.\n",
       {{"destroy", "detailed-exitcode", "refresh", "refresh-only", "lock", "no-color", "json"},
        {"out", "parallelism", "state", "lock-timeout", "generate-config-out", "format"},
        {"var", "var-file", "target", "exclude", "replace"},
        0},
       cmd_plan},
      {"apply", "Make the changes: plan and apply, or apply a saved plan",
       "Usage: infra [-chdir=DIR] apply [options] [PLANFILE]\n\n"
       "  Without PLANFILE, makes a plan, shows it and asks for approval before\n"
       "  applying it. With PLANFILE, applies exactly that saved plan, and refuses\n"
       "  it when the state or the configuration changed since it was made.\n\n"
       "Options:\n"
       "  -auto-approve        Apply without asking.\n"
       "  -var NAME=VALUE      Set an input variable (repeatable; not with PLANFILE).\n"
       "  -var-file=FILE       Set input variables from a file (not with PLANFILE).\n"
       "  -target=ADDR         Plan only ADDR (a resource, instance or module) and what\n"
       "                       it depends on (repeatable).\n"
       "  -exclude=ADDR        Plan everything but ADDR and what depends on it.\n"
       "  -replace=ADDR        Replace the instance ADDR even if nothing forces it.\n"
       "  -refresh=false       Plan against the state as recorded, without reading.\n"
       "  -refresh-only        Plan only to record in the state what refresh finds;\n"
       "                       applying it changes no object.\n"
       "  -parallelism=N       At most N provider calls at once (default 10).\n"
       "  -lock=false          Do not lock the state (dangerous).\n"
       "  -lock-timeout=D      Wait up to D (30s, 5m) for a held state lock.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -json                Print one JSON event per line instead (for CI; see\n"
       "                       docs/json-events.md). Needs -auto-approve or PLANFILE.\n"
       "  -no-color            No colour in the output.\n",
       {{"auto-approve", "refresh", "refresh-only", "lock", "no-color", "json"}, {"parallelism", "state", "lock-timeout"}, {"var", "var-file", "target", "exclude", "replace"}, 1},
       cmd_apply},
      {"destroy", "Destroy every resource in the state",
       "Usage: infra [-chdir=DIR] destroy [options]\n\n"
       "  Plans the destruction of every resource the state records, shows it and\n"
       "  asks for approval before destroying them.\n\n"
       "Options:\n"
       "  -auto-approve        Destroy without asking.\n"
       "  -target=ADDR         Destroy only ADDR and what depends on it (repeatable).\n"
       "  -exclude=ADDR        Destroy everything but ADDR and what it depends on.\n"
       "  -var NAME=VALUE      Set an input variable (repeatable).\n"
       "  -var-file=FILE       Set input variables from a file of NAME = VALUE lines\n"
       "                       (a JSON object when FILE ends in .json).\n"
       "  -refresh=false       Do not read the objects first.\n"
       "  -parallelism=N       At most N provider calls at once (default 10).\n"
       "  -lock=false          Do not lock the state (dangerous).\n"
       "  -lock-timeout=D      Wait up to D (30s, 5m) for a held state lock.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -json                Print one JSON event per line instead (for CI; see\n"
       "                       docs/json-events.md). Needs -auto-approve.\n"
       "  -no-color            No colour in the output.\n",
       {{"auto-approve", "refresh", "lock", "no-color", "json"}, {"parallelism", "state", "lock-timeout"}, {"var", "var-file", "target", "exclude"}, 0},
       cmd_destroy},
      {"graph", "Print the configuration's graph, or a plan's, as Graphviz DOT",
       "Usage: infra [-chdir=DIR] graph [options]\n\n"
       "  Prints a graph in the DOT language; draw it with \"dot -Tsvg > graph.svg\".\n"
       "  An edge points from a node to what it depends on.\n\n"
       "Options:\n"
       "  -type=plan           Every variable, local, resource, data source, module and\n"
       "                       output of the configuration (the default).\n"
       "  -type=apply          What apply would do: the instances a fresh plan changes,\n"
       "                       in the order they are applied (destroys reversed).\n"
       "  -plan=FILE           The apply graph of a saved plan.\n"
       "  -var NAME=VALUE      Set an input variable (repeatable), for -type=apply.\n"
       "  -var-file=FILE       Set input variables from a file, for -type=apply.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -no-color            No colour in messages.\n",
       {{"no-color", "refresh", "lock"}, {"type", "plan", "state", "parallelism", "lock-timeout"},
        {"var", "var-file", "target", "exclude", "replace"}, 0},
       cmd_graph},
      {"import", "Adopt an existing object into the state",
       "Usage: infra [-chdir=DIR] import [options] ADDRESS ID\n\n"
       "  Reads the object that the provider knows as ID and records it in the state at\n"
       "  ADDRESS, which the configuration must declare (a resource block, with the key\n"
       "  its count or for_each makes). Nothing is created or changed; run \"infra plan\"\n"
       "  afterwards to see how the configuration compares with the object. To review\n"
       "  imports in a plan instead, write import blocks.\n\n"
       "Options:\n"
       "  -var NAME=VALUE      Set an input variable (repeatable).\n"
       "  -var-file=FILE       Set input variables from a file.\n"
       "  -lock=false          Do not lock the state (dangerous).\n"
       "  -lock-timeout=D      Wait up to D (30s, 5m) for a held state lock.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -no-color            No colour in the output.\n",
       {{"lock", "no-color"}, {"state", "lock-timeout"}, {"var", "var-file"}, 2},
       cmd_import},
      {"output", "Show the root module's outputs from the state",
       "Usage: infra [-chdir=DIR] output [options] [NAME]\n\n"
       "  Prints every output of the root module as the last apply recorded it, or the\n"
       "  one named NAME. Sensitive values are hidden in the list; asked for by name\n"
       "  with -json or -raw, they are printed in full.\n\n"
       "Options:\n"
       "  -json                JSON: an object of {sensitive, type, value} per output, or\n"
       "                       the value of NAME.\n"
       "  -raw                 The string, number or bool NAME as it is, without quotes.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -no-color            No colour in messages.\n",
       {{"json", "raw", "no-color"}, {"state"}, {}, 1},
       cmd_output},
      {"show", "Show a saved plan or the current state",
       "Usage: infra [-chdir=DIR] show [options] [PLANFILE]\n\n"
       "  With PLANFILE, shows the saved plan; without, the resources and outputs in\n"
       "  the state. Sensitive values are never shown.\n\n"
       "Options:\n"
       "  -json           One JSON document in the format of \"terraform show -json\",\n"
       "                  for tools (see docs/plan-json.md).\n"
       "  -format=markdown  A saved plan as Markdown, for a pull-request comment.\n"
       "  -state=PATH     The state file, instead of the workspace's.\n"
       "  -no-color       No colour in the output.\n",
       {{"no-color", "json"}, {"state", "format"}, {}, 1}, cmd_show},
      {"state",
       "Inspect and change the state: list, show, mv, rm, pull, push, history, diff, "
       "import-terraform, encrypt, decrypt, rekey",
       "Usage: infra [-chdir=DIR] state SUBCOMMAND [options] [ARGS]\n\n"
       "  list [PATTERN...]    The addresses in the state; with patterns (module.app,\n"
       "                       local_file.a, local_file.a[0]), those they name.\n"
       "  show ADDRESS         One instance's attributes (sensitive ones hidden).\n"
       "  mv SOURCE DEST       Move an instance, a resource or a module to another\n"
       "                       address, without touching the objects.\n"
       "  rm ADDRESS...        Forget instances: the objects stay, unmanaged.\n"
       "  pull                 Print the whole state as JSON (docs/state.md).\n"
       "  push FILE            Replace the state by FILE (a pull's output; - reads\n"
       "                       standard input).\n"
       "  history              Every recorded change of the state, newest first.\n"
       "  diff A B             What changed between serials A and B.\n"
       "  import-terraform FILE  Take over a Terraform or OpenTofu state (format\n"
       "                       version 4) into the selected workspace's empty state.\n"
       "  encrypt              Encrypt the state, history included, with the key in\n"
       "                       INFRA_STATE_ENCRYPTION_KEY (or INFRA_STATE_PASSPHRASE).\n"
       "  decrypt              Store the state unencrypted again (needs its key).\n"
       "  rekey                Encrypt the state with a new key: the state's key in\n"
       "                       INFRA_STATE_ENCRYPTION_KEY_PREVIOUS (or\n"
       "                       INFRA_STATE_PASSPHRASE_PREVIOUS), the new one as above.\n\n"
       "Options:\n"
       "  -version=N           show: the instance as it was at serial N.\n"
       "  -dry-run             mv, rm: say what would change, change nothing.\n"
       "  -force               push: even a different lineage or an older serial;\n"
       "                       import-terraform: into a state that has resources.\n"
       "  -skip-unknown        import-terraform: leave out (and list) the resources\n"
       "                       Infra has no provider or resource type for.\n"
       "  -lock=false          mv, rm, push, encrypt, decrypt, rekey: do not lock the\n"
       "                       state (dangerous).\n"
       "  -lock-timeout=D      mv, rm, push, encrypt, decrypt, rekey: wait up to D (30s,\n"
       "                       5m) for a held lock.\n"
       "  -state=PATH          The state file (default .infra/state.db).\n"
       "  -no-color            No colour in messages.\n",
       {{"dry-run", "force", "lock", "no-color", "skip-unknown"}, {"state", "lock-timeout", "version"}, {}, 1000},
       cmd_state_with_encryption},
      {"taint", "Mark an instance for replacement by the next apply",
       "Usage: infra [-chdir=DIR] taint [options] ADDRESS\n\n"
       "  Marks the instance ADDRESS as tainted: the next plan replaces it.\n\n"
       "Options:\n"
       "  -lock=false          Do not lock the state (dangerous).\n"
       "  -lock-timeout=D      Wait up to D (30s, 5m) for a held state lock.\n"
       "  -state=PATH          The state file (default .infra/state.db).\n"
       "  -no-color            No colour in messages.\n",
       {{"lock", "no-color"}, {"state", "lock-timeout"}, {}, 1}, cmd_taint},
      {"untaint", "Remove the taint of an instance",
       "Usage: infra [-chdir=DIR] untaint [options] ADDRESS\n\n"
       "  Marks the tainted instance ADDRESS as ready again: no replacement.\n\n"
       "Options:\n"
       "  -lock=false          Do not lock the state (dangerous).\n"
       "  -lock-timeout=D      Wait up to D (30s, 5m) for a held state lock.\n"
       "  -state=PATH          The state file (default .infra/state.db).\n"
       "  -no-color            No colour in messages.\n",
       {{"lock", "no-color"}, {"state", "lock-timeout"}, {}, 1}, cmd_untaint},
      {"force-unlock", "Release a stuck state lock",
       "Usage: infra [-chdir=DIR] force-unlock [options] LOCK_ID\n\n"
       "  Releases the state lock with LOCK_ID, left by an operation that died.\n"
       "  Never use it while that operation may still be running.\n\n"
       "Options:\n"
       "  -force          Do not ask for confirmation.\n"
       "  -state=PATH     The state file, instead of the workspace's.\n",
       {{"force", "no-color"}, {"state"}, {}, 1}, cmd_force_unlock},
      {"console", "Evaluate expressions against the configuration and state",
       "Usage: infra [-chdir=DIR] console [options]\n\n"
       "  Reads one expression per line from standard input and prints its value:\n"
       "  variables, locals, and resources as the state records them\n"
       "  (e.g. local_file.a.id). Sensitive values print as (sensitive value).\n"
       "  \"exit\" or the end of input stops; without a terminal, an expression that\n"
       "  fails makes the exit status 1.\n\n"
       "Options:\n"
       "  -var NAME=VALUE      Set an input variable (repeatable).\n"
       "  -var-file=FILE       Set input variables from a file.\n"
       "  -state=PATH          The state file, instead of the workspace's.\n"
       "  -no-color            No colour in the output.\n",
       {{"no-color"}, {"state"}, {"var", "var-file"}, 0}, cmd_console},
      {"workspace", "Manage workspaces: several states for one configuration",
       "Usage: infra [-chdir=DIR] workspace SUBCOMMAND [options] [NAME]\n\n"
       "  Each workspace has a state of its own; infra.workspace is its name. The\n"
       "  default workspace keeps .infra/state.db (or the backend's path); the others\n"
       "  keep theirs beside it (see docs/state.md). The selected workspace is\n"
       "  remembered in .infra/environment; INFRA_WORKSPACE overrides it.\n\n"
       "Subcommands:\n"
       "  new NAME        Create workspace NAME, with an empty state, and select it.\n"
       "  select NAME     Select workspace NAME; with -or-create, create it first\n"
       "                  when it does not exist.\n"
       "  list            List the workspaces; the selected one is marked with *.\n"
       "  show            Print the name of the selected workspace.\n"
       "  delete NAME     Delete workspace NAME and its state: not the selected one,\n"
       "                  not default, and not while its state records resources.\n\n"
       "Options:\n"
       "  -force          With delete: delete even when the state records resources\n"
       "                  (the objects stay, no longer managed).\n"
       "  -lock=false     With delete: do not lock the state (dangerous).\n"
       "  -lock-timeout=D With delete: wait up to D (30s, 5m) for a held state lock.\n"
       "  -no-color       No colour in the output.\n",
       {{"force", "or-create", "lock", "no-color"}, {"lock-timeout"}, {}, 2}, cmd_workspace},
      {"version", "Show the version",
       "Usage: infra version\n\n  Shows the version of Infra and of the provider protocol.\n",
       {{}, {}, {}, 0}, cmd_version},
  };
  return kCommands;
}

}  // namespace infra::cli
