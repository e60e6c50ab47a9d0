// A progress line on stderr for report and portfolio: shown only when stderr
// is a terminal and -q is not given (never in pipes, logs or CI), rewritten
// in place and cleared when the work is done.
#pragma once

#include <iostream>
#include <string>

namespace interlink::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool on) : on_(on) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { done(); }

  void show(const std::string& what) {
    if (!on_) return;
    std::cerr << "\r\033[K" << what << std::flush;
    shown_ = true;
  }
  void done() {
    if (on_ && shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
};

}  // namespace interlink::cli
