// ApplyProgress: turns the apply's observer calls (from many threads) into the view's
// apply events, one at a time, and adds one every ten seconds for each action still
// running ("Still creating... [10s elapsed]").
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "cli/view.hpp"
#include "planner/apply.hpp"

namespace infra::cli {

/// "Creating", "Modifying", "Destroying": what the views say while an action runs.
const char* action_verb(planner::Action a);
/// "Creation", "Modifications", "Destruction": what they say when it ends.
const char* action_noun(planner::Action a);
/// `word` with its first letter in lower case ("creating", for "Still creating...").
std::string lowered(std::string word);

class ApplyProgress : public planner::ApplyObserver {
 public:
  /// Reports to `view`, which must outlive this object; `interval` is the time between two
  /// progress events of one action.
  explicit ApplyProgress(View& view, std::chrono::milliseconds interval = std::chrono::seconds(10));
  ~ApplyProgress() override;
  ApplyProgress(const ApplyProgress&) = delete;
  ApplyProgress& operator=(const ApplyProgress&) = delete;

  void started(const planner::Change& c, planner::Action a) override;
  void finished(const planner::Change& c, planner::Action a, double seconds,
                const std::string& id) override;
  void errored(const planner::Change& c, planner::Action a, double seconds) override;

 private:
  using Clock = std::chrono::steady_clock;
  using Key = std::pair<std::string, planner::Action>;
  struct Running {
    const planner::Change* change;
    Clock::time_point next;     // when its next progress event is due
    std::chrono::milliseconds elapsed{0};  // reported so far
  };

  // Sleeps until the next running action is due for an event (or something starts, or
  // the object goes), then reports the ones that are due.
  void tick();

  View& view_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;  // held for every call to the view
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<Key, Running> running_;
  std::thread ticker_;  // last: starts when everything above exists
};

}  // namespace infra::cli
