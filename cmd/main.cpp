// interlink: co-design and co-delivery of public services as files in git.
#include "app.hpp"

int main(int argc, char** argv) { return interlink::cli::run(argc, argv); }
