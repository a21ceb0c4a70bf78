#include <archive.h>
#include <archive_entry.h>
/* Extraction sets extended attributes (security.capability and friends); Glibc's Swift module
   does not export <sys/xattr.h>. */
#include <sys/xattr.h>
