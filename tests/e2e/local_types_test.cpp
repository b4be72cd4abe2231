// End to end: the local provider's types through the real binary: a directory, a file in
// it, a sensitive file and a symbolic link applied together, a second plan with nothing to
// do, secrets never shown, and `infra import` of a directory made by hand.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

namespace {

const char* kSecret = "s3cr3t-k3y-material";

const char* kConfig = R"(
resource "local_directory" "conf" {
  path        = "conf"
  permissions = "0750"
}

resource "local_file" "settings" {
  filename        = "${local_directory.conf.path}/settings.ini"
  content         = "mode = fast\n"
  file_permission = "0640"
}

resource "local_sensitive_file" "key" {
  filename = "${local_directory.conf.path}/key.pem"
  content  = "s3cr3t-k3y-material"
}

resource "local_symlink" "current" {
  path   = "current.ini"
  target = local_file.settings.filename
}

data "local_directory" "conf" {
  path       = local_directory.conf.path
  depends_on = [local_file.settings, local_sensitive_file.key]
}

output "entries" {
  value = [for e in data.local_directory.conf.entries : "${e.name}:${e.type}"]
}
)";

unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("a directory, a file in it, a sensitive file and a link: apply, no changes, destroy") {
  Scratch dir;
  dir.write("main.infra", kConfig);

  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  REQUIRE(plan.code == 2);
  CHECK(contains(plan.out, "# local_directory.conf will be created"));
  CHECK(contains(plan.out, "# local_sensitive_file.key will be created"));
  CHECK(contains(plan.out, "# local_symlink.current will be created"));
  CHECK(contains(plan.out, "+ content         = (sensitive value)"));
  CHECK(contains(plan.out, "Plan: 4 to add, 0 to change, 0 to destroy."));
  CHECK_FALSE(contains(plan.all(), kSecret));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK_FALSE(contains(apply.all(), kSecret));
  CHECK(std::filesystem::is_directory(dir.path() / "conf"));
  CHECK(mode_of(dir.path() / "conf") == 0750);
  CHECK(dir.read("conf/settings.ini") == "mode = fast\n");
  CHECK(mode_of(dir.path() / "conf/settings.ini") == 0640);
  CHECK(dir.read("conf/key.pem") == kSecret);
  CHECK(mode_of(dir.path() / "conf/key.pem") == 0700);
  CHECK(std::filesystem::read_symlink(dir.path() / "current.ini") == "conf/settings.ini");
  CHECK(dir.read("current.ini") == "mode = fast\n");
  CHECK(contains(apply.out, "\"key.pem:file\""));
  CHECK(contains(apply.out, "\"settings.ini:file\""));
  CHECK(state_addresses(dir) ==
        std::vector<std::string>{"local_directory.conf", "local_file.settings",
                                 "local_sensitive_file.key", "local_symlink.current"});

  // Nothing left to do.
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // The state as shown never holds the secret in clear, in text or in JSON.
  Result show = run_infra(dir.path(), {"show", "-no-color"});
  INFO(show.all());
  REQUIRE(show.code == 0);
  CHECK(contains(show.out, "local_sensitive_file.key"));
  CHECK_FALSE(contains(show.all(), kSecret));
  Result show_json = run_infra(dir.path(), {"show", "-json"});
  REQUIRE(show_json.code == 0);
  CHECK_FALSE(contains(show_json.all(), kSecret));

  // Drift: the directory's permissions and the link changed by hand; the plan puts the
  // permissions back in place and replaces the link.
  std::filesystem::permissions(dir.path() / "conf", std::filesystem::perms(0700),
                               std::filesystem::perm_options::replace);
  std::filesystem::remove(dir.path() / "current.ini");
  std::filesystem::create_symlink("elsewhere", dir.path() / "current.ini");
  Result drift = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(drift.all());
  REQUIRE(drift.code == 0);
  CHECK(contains(drift.out, "# local_directory.conf will be updated in-place"));
  CHECK(contains(drift.out, "# local_symlink.current must be replaced"));
  CHECK_FALSE(contains(drift.all(), kSecret));
  Result fix = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(fix.all());
  REQUIRE(fix.code == 0);
  CHECK(mode_of(dir.path() / "conf") == 0750);
  CHECK(std::filesystem::read_symlink(dir.path() / "current.ini") == "conf/settings.ini");

  // Destroy: in reverse order, so the directory is empty when its turn comes.
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "conf"));
  CHECK_FALSE(std::filesystem::is_symlink(dir.path() / "current.ini"));
  CHECK(state_addresses(dir).empty());
}

TEST_CASE("infra import adopts a directory made by hand, which is then kept as it is") {
  Scratch dir;
  dir.write("made-by-hand/notes.txt", "mine\n");
  std::filesystem::permissions(dir.path() / "made-by-hand", std::filesystem::perms(0711),
                               std::filesystem::perm_options::replace);
  dir.write("main.infra", R"(resource "local_directory" "adopted" {
  path        = "made-by-hand"
  permissions = "0711"
}
)");
  Result imported =
      run_infra(dir.path(), {"import", "-no-color", "local_directory.adopted", "made-by-hand"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  CHECK(contains(imported.out, "Import successful!"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_directory.adopted"});

  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "No changes."));

  // Not empty, and force_destroy is not set: destroy refuses and names what is inside.
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 1);
  CHECK(contains(destroy.all(), "it is not empty (it holds notes.txt); set force_destroy = true"));
  CHECK(dir.read("made-by-hand/notes.txt") == "mine\n");
}
