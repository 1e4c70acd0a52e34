import { registry } from "@web/core/registry";

const QUESTIONS = [
    "How satisfied are you with the way we handled your complaint?",
    "How satisfied are you with the speed of our answer?",
    "How satisfied are you with the solution?",
];

registry.category("web_tour.tours").add("quality_complaint_survey_answer", {
    steps: () => [
        {
            content: "Start the survey from the link in the e-mail",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        ...QUESTIONS.map((question) => ({
            content: `Answer: ${question}`,
            trigger: `div.js_question-wrapper:contains("${question}") label:contains("Satisfied"):not(:contains("Very")):not(:contains("Dis"))`,
            run: "click",
        })),
        {
            content: "Leave a suggestion",
            trigger: 'div.js_question-wrapper:contains("What could we do better") textarea',
            run: "edit Call us before shipping the replacement.",
        },
        {
            content: "Submit",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Thanked",
            trigger: 'p:contains("Thank you for your feedback")',
        },
    ],
});
