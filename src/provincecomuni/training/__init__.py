"""Training: yearly plans, courses with dated sessions, enrolment with a waiting list."""
