from pcgraph.cli import main

main()
