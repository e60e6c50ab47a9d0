// interlink: co-design and co-delivery of public services as files in git.
#include "app.hpp"
#include "std_streams.hpp"
#include "util/heap.hpp"

int main(int argc, char** argv) {
  interlink::cli::guard_standard_streams();  // before any file is opened
  interlink::prepare_heap();                 // before the first large allocation (util/heap.hpp)
  return interlink::cli::finish_output(interlink::cli::run(argc, argv));
}
