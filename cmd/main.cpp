// interlink: co-design and co-delivery of public services as files in git.
#include <csignal>

#include "app.hpp"
#include "std_streams.hpp"
#include "util/heap.hpp"

int main(int argc, char** argv) {
  interlink::cli::guard_standard_streams();  // before any file is opened
  // A write past the file size limit (ulimit -f) raises SIGXFSZ, which by
  // default kills the process in the middle of a change with no word from
  // us. Ignored, the write fails with EFBIG instead, and the change is
  // refused and reported like one on a full disk (exit 4). Children (git)
  // get the default back (util/git.cpp).
  std::signal(SIGXFSZ, SIG_IGN);
  interlink::prepare_heap();  // before the first large allocation (util/heap.hpp)
  return interlink::cli::finish_output(interlink::cli::run(argc, argv));
}
