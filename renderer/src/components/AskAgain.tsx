import { keepFocus } from './Keypad'

// An action that cannot be taken back (leaving an order, closing a shift) is asked once more,
// in place: the question, a way back and the action itself. The buttons keep the focus where
// it was, so a scanner's next keys still reach the serial field behind the question.
export function AskAgain(props: {
  testId: string
  question: string
  stay: string
  yes: string
  disabled?: boolean
  onStay: () => void
  onYes: () => void
}) {
  return (
    <div data-testid={`${props.testId}-ask`} className="leave-ask" role="alertdialog">
      <p>{props.question}</p>
      <div className="actions">
        <button
          type="button"
          data-testid={`${props.testId}-stay`}
          className="button button-secondary"
          onMouseDown={keepFocus}
          onClick={props.onStay}
        >
          {props.stay}
        </button>
        <button
          type="button"
          data-testid={`${props.testId}-yes`}
          className="button button-danger"
          disabled={props.disabled}
          onMouseDown={keepFocus}
          onClick={props.onYes}
        >
          {props.yes}
        </button>
      </div>
    </div>
  )
}
