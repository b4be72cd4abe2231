// Apply progress for the views: see cli/progress.hpp.
#include "cli/progress.hpp"

#include <algorithm>
#include <cctype>

namespace infra::cli {

const char* action_verb(planner::Action a) {
  switch (a) {
    case planner::Action::Create:
      return "Creating";
    case planner::Action::Update:
      return "Modifying";
    case planner::Action::Delete:
      return "Destroying";
    default:
      return "Working";
  }
}

const char* action_noun(planner::Action a) {
  switch (a) {
    case planner::Action::Create:
      return "Creation";
    case planner::Action::Update:
      return "Modifications";
    case planner::Action::Delete:
      return "Destruction";
    default:
      return "Work";
  }
}

std::string lowered(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[0])));
  return word;
}

ApplyProgress::ApplyProgress(View& view, std::chrono::milliseconds interval)
    : view_(view), interval_(interval), ticker_([this] { tick(); }) {}

ApplyProgress::~ApplyProgress() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  ticker_.join();
}

void ApplyProgress::started(const planner::Change& c, planner::Action a) {
  std::lock_guard lock(mutex_);
  view_.apply_start(c, a);
  running_[{c.address, a}] = {&c, Clock::now() + interval_, std::chrono::milliseconds(0)};
  wake_.notify_all();
}

void ApplyProgress::finished(const planner::Change& c, planner::Action a, double seconds,
                             const std::string& id) {
  std::lock_guard lock(mutex_);
  running_.erase({c.address, a});
  view_.apply_complete(c, a, seconds, id);
}

void ApplyProgress::errored(const planner::Change& c, planner::Action a, double seconds) {
  std::lock_guard lock(mutex_);
  running_.erase({c.address, a});
  view_.apply_errored(c, a, seconds);
}

void ApplyProgress::tick() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto due = Clock::time_point::max();
    for (const auto& [key, r] : running_) due = std::min(due, r.next);
    if (due == Clock::time_point::max()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, due);
    }
    if (stopping_) break;
    const auto now = Clock::now();
    for (auto& [key, r] : running_) {
      if (now < r.next) continue;
      r.elapsed += interval_;
      r.next += interval_;
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(r.elapsed);
      view_.apply_progress(*r.change, key.second, static_cast<long>(seconds.count()));
    }
  }
}

}  // namespace infra::cli
