// etcdctl, built from the Go module proxy for Ward's cluster tier (see ../../go.mod).
package main

import "go.etcd.io/etcd/etcdctl/v3/ctlv3"

func main() {
	ctlv3.MustStart()
}
