"""Planning: personal FSRS parameters, workload simulation and the exam-day plan."""
